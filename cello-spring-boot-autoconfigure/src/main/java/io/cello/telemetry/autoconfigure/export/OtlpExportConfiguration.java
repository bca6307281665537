package io.cello.telemetry.autoconfigure.export;

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

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The OTLP exporter, {@code cello.telemetry.exporter: otlp} (the default), over gRPC or
 * HTTP as {@code cello.telemetry.protocol} says, to the collector of a service connection
 * if there is one (a Testcontainers or Docker Compose service connection), then every
 * {@link OtlpSpanExporterCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OtlpGrpcSpanExporter.class)
@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "otlp", matchIfMissing = true)
public class OtlpExportConfiguration {

	@Bean
	@ConditionalOnMissingBean(SpanExporter.class)
	@Conditional(GrpcProtocol.class)
	OtlpGrpcSpanExporter celloOtlpGrpcSpanExporter(CelloTelemetryProperties properties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<OtlpSpanExporterCustomizer> customizers,
			BeanFactory beanFactory) {
		OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
			.setEndpoint(ExportEndpoint.otlpTraces(properties, beanFactory).toString())
			.setTimeout(properties.getExportTimeout())
			.setCompression(compression(properties));
		properties.getHeaders().forEach(builder::addHeader);
		new OtlpTls(properties.getSsl(), sslBundles).applyTo(builder::setSslContext, builder::setTrustedCertificates,
				builder::setClientTls);
		OtlpExportFailureHandling.apply(builder, properties.getExportTimeout());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean(SpanExporter.class)
	@Conditional(HttpProtocol.class)
	OtlpHttpSpanExporter celloOtlpHttpSpanExporter(CelloTelemetryProperties properties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<OtlpSpanExporterCustomizer> customizers,
			BeanFactory beanFactory) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(ExportEndpoint.otlpTraces(properties, beanFactory).toString())
			.setTimeout(properties.getExportTimeout())
			.setCompression(compression(properties));
		properties.getHeaders().forEach(builder::addHeader);
		new OtlpTls(properties.getSsl(), sslBundles).applyTo(builder::setSslContext, builder::setTrustedCertificates,
				builder::setClientTls);
		OtlpExportFailureHandling.apply(builder, properties.getExportTimeout());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static String compression(CelloTelemetryProperties properties) {
		return PropertyValue.of(OtlpCompression.class, properties.getCompression()).value();
	}

	/**
	 * Whether {@code cello.telemetry.protocol} (an {@code OTEL_*} fallback included) is
	 * gRPC, its default. Each transport's exporter is a bean of its own type, so that
	 * Spring Boot's tracing, when present, sees an OTLP exporter and makes none of its own.
	 */
	static class GrpcProtocol extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String protocol = context.getEnvironment().getProperty("cello.telemetry.protocol", "grpc");
			boolean grpc = PropertyValue.find(OtlpProtocol.class, protocol) != OtlpProtocol.HTTP_PROTOBUF;
			return new ConditionOutcome(grpc == matchesGrpc(), "cello.telemetry.protocol is " + protocol);
		}

		boolean matchesGrpc() {
			return true;
		}

	}

	static class HttpProtocol extends GrpcProtocol {

		@Override
		boolean matchesGrpc() {
			return false;
		}

	}

}
