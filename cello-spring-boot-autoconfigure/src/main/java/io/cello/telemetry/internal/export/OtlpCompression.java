package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;
import org.jspecify.annotations.Nullable;

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

	public static @Nullable OtlpCompression find(@Nullable String text) {
		return PropertyValue.find(OtlpCompression.class, text);
	}

	public static OtlpCompression of(String text) {
		return PropertyValue.of(OtlpCompression.class, text);
	}

	public static String allowedValues() {
		return PropertyValue.allowedValues(OtlpCompression.class);
	}

}
