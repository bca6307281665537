package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;

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

}
