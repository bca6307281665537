package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;

/**
 * How OTLP exports are compressed on the wire.
 */
public enum OtlpCompression implements PropertyValue {

	NONE("none"), GZIP("gzip");

	private final String value;

	OtlpCompression(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

}
