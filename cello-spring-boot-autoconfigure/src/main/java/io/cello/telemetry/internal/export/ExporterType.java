package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;
import org.jspecify.annotations.Nullable;

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

	public static @Nullable ExporterType find(@Nullable String text) {
		return PropertyValue.find(ExporterType.class, text);
	}

	public static ExporterType of(String text) {
		return PropertyValue.of(ExporterType.class, text);
	}

	public static String allowedValues() {
		return PropertyValue.allowedValues(ExporterType.class);
	}

}
