package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;

/**
 * Where finished spans are sent.
 */
public enum ExporterType implements PropertyValue {

	OTLP("otlp"), ZIPKIN("zipkin"), LOGGING("logging"), NONE("none");

	private final String value;

	ExporterType(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

}
