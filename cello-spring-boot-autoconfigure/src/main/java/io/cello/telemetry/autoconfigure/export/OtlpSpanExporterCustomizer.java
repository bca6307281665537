package io.cello.telemetry.autoconfigure.export;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;

/**
 * Customizes the builder of Cello's OTLP span exporter, after Cello has applied
 * {@code cello.telemetry.*}: a way to add a header, a TLS setting or a proxy without
 * defining the exporter again.
 * <p>
 * The transport is chosen by configuration ({@code cello.telemetry.protocol} or
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL}), so one customizer covers both: implement the
 * method for each transport it must work with. Only the one of the transport in use is
 * called. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order order}.
 */
public interface OtlpSpanExporterCustomizer {

	/** Customizes the exporter when the protocol is {@code http/protobuf}. */
	default void customize(OtlpHttpSpanExporterBuilder builder) {
	}

	/** Customizes the exporter when the protocol is {@code grpc}. */
	default void customize(OtlpGrpcSpanExporterBuilder builder) {
	}

}
