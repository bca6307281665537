package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP transport.
 */
public enum OtlpProtocol implements PropertyValue {

	GRPC("grpc"), HTTP_PROTOBUF("http/protobuf");

	private final String value;

	OtlpProtocol(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

	public static @Nullable OtlpProtocol find(@Nullable String text) {
		return PropertyValue.find(OtlpProtocol.class, text);
	}

	public static OtlpProtocol of(String text) {
		return PropertyValue.of(OtlpProtocol.class, text);
	}

	public static String allowedValues() {
		return PropertyValue.allowedValues(OtlpProtocol.class);
	}

}
