package io.cello.telemetry.internal.http;

import io.cello.telemetry.internal.PropertyValue;

/**
 * Which HTTP attribute names spans carry: Cello's, OpenTelemetry's stable semantic conventions, or both.
 */
public enum SemconvMode implements PropertyValue {

	CELLO("cello"), STABLE("stable"), BOTH("both");

	private final String value;

	SemconvMode(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

	/** Whether Cello's attribute names ({@code http.method}, ...) are written. */
	public boolean cello() {
		return this != STABLE;
	}

	/** Whether OpenTelemetry's stable attribute names ({@code http.request.method}, ...) are written. */
	public boolean stable() {
		return this != CELLO;
	}

}
