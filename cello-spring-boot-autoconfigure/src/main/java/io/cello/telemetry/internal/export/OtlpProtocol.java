package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;

/**
 * The OTLP transport.
 */
public enum OtlpProtocol implements PropertyValue {

	GRPC, HTTP_PROTOBUF;

	/** {@code grpc} or {@code http/protobuf}, as OpenTelemetry's configuration writes them. */
	@Override
	public String value() {
		return (this == HTTP_PROTOBUF) ? "http/protobuf" : "grpc";
	}

}
