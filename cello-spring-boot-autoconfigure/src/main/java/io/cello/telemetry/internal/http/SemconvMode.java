package io.cello.telemetry.internal.http;

import io.cello.telemetry.internal.PropertyValue;

/**
 * Which HTTP attribute names spans carry: Cello's, OpenTelemetry's stable semantic conventions, or both.
 */
public enum SemconvMode implements PropertyValue {

	CELLO, STABLE, BOTH;

	/** Whether Cello's attribute names ({@code http.method}, ...) are written. */
	public boolean cello() {
		return this != STABLE;
	}

	/** Whether OpenTelemetry's stable attribute names ({@code http.request.method}, ...) are written. */
	public boolean stable() {
		return this != CELLO;
	}

}
