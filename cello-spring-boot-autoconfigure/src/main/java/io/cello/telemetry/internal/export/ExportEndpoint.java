package io.cello.telemetry.internal.export;

import java.net.URI;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import io.cello.telemetry.internal.PropertyValue;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/** Where Cello's exporter sends spans, as logs and the health page name it. */
public final class ExportEndpoint {

	private ExportEndpoint() {
	}

	/** The exporter's endpoint, or {@code null} when it has none ({@code logging}, {@code none}). */
	public static @Nullable String of(CelloTelemetryProperties properties, BeanFactory beans) {
		return switch (PropertyValue.of(ExporterType.class, properties.getExporter())) {
			case OTLP -> otlpTraces(properties, beans).toString();
			case ZIPKIN -> properties.getZipkinEndpoint().strip();
			default -> null;
		};
	}

	/**
	 * The OTLP traces endpoint: a collector's service connection if there is one
	 * ({@link OtlpServiceConnection}), else the configured endpoint with its default and
	 * the specification's path rules applied (see {@link OtlpEndpoints}).
	 */
	public static URI otlpTraces(CelloTelemetryProperties properties, BeanFactory beans) {
		boolean grpc = PropertyValue.of(OtlpProtocol.class, properties.getProtocol()) == OtlpProtocol.GRPC;
		URI serviceConnection = OtlpServiceConnection.endpoint(beans, grpc);
		return (serviceConnection != null) ? serviceConnection : otlpTraces(properties);
	}

	/** The configured OTLP traces endpoint. */
	public static URI otlpTraces(CelloTelemetryProperties properties) {
		return OtlpEndpoints.tracesEndpoint(properties.getOtlpEndpoint(), properties.getOtlpTracesEndpoint(),
				PropertyValue.of(OtlpProtocol.class, properties.getProtocol()));
	}

}
