package io.cello.telemetry.internal.export;

import java.net.URI;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import io.cello.telemetry.internal.PropertyValue;
import org.jspecify.annotations.Nullable;

/** Where Cello's exporter sends spans, as logs and the health page name it. */
public final class ExportEndpoint {

	private ExportEndpoint() {
	}

	/** The exporter's endpoint, or {@code null} when it has none ({@code logging}, {@code none}). */
	public static @Nullable String of(CelloTelemetryProperties properties) {
		return switch (PropertyValue.of(ExporterType.class, properties.getExporter())) {
			case OTLP -> otlpTraces(properties).toString();
			case ZIPKIN -> properties.getZipkinEndpoint().strip();
			default -> null;
		};
	}

	/**
	 * The OTLP traces endpoint, with its default and the specification's path rules
	 * applied (see {@link OtlpEndpoints}).
	 */
	public static URI otlpTraces(CelloTelemetryProperties properties) {
		return OtlpEndpoints.tracesEndpoint(properties.getOtlpEndpoint(), properties.getOtlpTracesEndpoint(),
				PropertyValue.of(OtlpProtocol.class, properties.getProtocol()));
	}

}
