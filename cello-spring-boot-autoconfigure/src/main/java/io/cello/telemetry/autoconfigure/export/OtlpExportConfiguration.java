package io.cello.telemetry.autoconfigure.export;

import java.net.URI;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.export.ExportEndpoint;
import io.cello.telemetry.internal.export.OtlpCompression;
import io.cello.telemetry.internal.export.OtlpProtocol;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OTLP exporter, {@code cello.telemetry.exporter: otlp} (the default), over gRPC or
 * HTTP as {@code cello.telemetry.protocol} says, then every
 * {@link OtlpSpanExporterCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OtlpGrpcSpanExporter.class)
@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "otlp", matchIfMissing = true)
public class OtlpExportConfiguration {

	@Bean
	@ConditionalOnMissingBean(SpanExporter.class)
	SpanExporter celloOtlpSpanExporter(CelloTelemetryProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<OtlpSpanExporterCustomizer> customizers) {
		URI endpoint = ExportEndpoint.otlpTraces(properties);
		String compression = PropertyValue.of(OtlpCompression.class, properties.getCompression()).value();
		OtlpTls tls = new OtlpTls(properties.getSsl(), sslBundles);
		if (PropertyValue.of(OtlpProtocol.class, properties.getProtocol()) == OtlpProtocol.GRPC) {
			OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
				.setEndpoint(endpoint.toString())
				.setTimeout(properties.getExportTimeout())
				.setCompression(compression);
			properties.getHeaders().forEach(builder::addHeader);
			tls.applyTo(builder::setSslContext, builder::setTrustedCertificates, builder::setClientTls);
			OtlpExportFailureHandling.apply(builder, properties.getExportTimeout());
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(endpoint.toString())
			.setTimeout(properties.getExportTimeout())
			.setCompression(compression);
		properties.getHeaders().forEach(builder::addHeader);
		tls.applyTo(builder::setSslContext, builder::setTrustedCertificates, builder::setClientTls);
		OtlpExportFailureHandling.apply(builder, properties.getExportTimeout());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
