package io.cello.telemetry.autoconfigure;

import java.net.URI;
import java.util.List;

import io.cello.telemetry.export.BatchProcessorTelemetry;
import io.cello.telemetry.export.CauseReportingSender;
import io.cello.telemetry.export.CountingSpanExporter;
import io.cello.telemetry.export.ExportFailureCause;
import io.cello.telemetry.export.ExportOutageLog;
import io.cello.telemetry.export.ExportStatistics;
import io.cello.telemetry.export.OtlpProtocol;
import io.cello.telemetry.export.PipelinedSpanExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One configuration per {@code cello.telemetry.exporter}, and the batch processor that
 * feeds whichever exporter is present. {@code none} defines no exporter: spans are still
 * created and propagated, just not sent anywhere.
 */
final class SpanExporterConfigurations {

	private SpanExporterConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpGrpcSpanExporter.class)
	@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "otlp", matchIfMissing = true)
	static class Otlp {

		@Bean
		@ConditionalOnMissingBean(SpanExporter.class)
		SpanExporter celloOtlpSpanExporter(CelloTelemetryProperties properties, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<OtlpSpanExporterCustomizer> customizers) {
			URI endpoint = properties.resolvedOtlpEndpoint();
			OtlpTls tls = new OtlpTls(properties.getSsl(), sslBundles);
			if (properties.otlpProtocol() == OtlpProtocol.GRPC) {
				OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
					.setEndpoint(endpoint.toString())
					.setTimeout(properties.getExportTimeout())
					.setCompression(properties.otlpCompression().value());
				properties.getHeaders().forEach(builder::addHeader);
				tls.applyTo(builder::setSslContext, builder::setTrustedCertificates, builder::setClientTls);
				OtlpExportFailureHandling.apply(builder, properties.getExportTimeout());
				customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
				return builder.build();
			}
			OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
				.setEndpoint(endpoint.toString())
				.setTimeout(properties.getExportTimeout())
				.setCompression(properties.otlpCompression().value());
			properties.getHeaders().forEach(builder::addHeader);
			tls.applyTo(builder::setSslContext, builder::setTrustedCertificates, builder::setClientTls);
			OtlpExportFailureHandling.apply(builder, properties.getExportTimeout());
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ZipkinSpanExporter.class, URLConnectionSender.class })
	@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "zipkin")
	static class Zipkin {

		@Bean
		@ConditionalOnMissingBean(SpanExporter.class)
		SpanExporter celloZipkinSpanExporter(CelloTelemetryProperties properties, ExportStatistics statistics) {
			int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, properties.getExportTimeout().toMillis());
			URLConnectionSender sender = URLConnectionSender.newBuilder()
				.endpoint(properties.getZipkinEndpoint().strip())
				.connectTimeout(timeoutMillis)
				.readTimeout(timeoutMillis)
				.build();
			return ZipkinSpanExporter.builder().setSender(new CauseReportingSender(sender, statistics)).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LoggingSpanExporter.class)
	@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "logging")
	static class Logging {

		@Bean
		@ConditionalOnMissingBean(SpanExporter.class)
		SpanExporter celloLoggingSpanExporter() {
			return LoggingSpanExporter.create();
		}

	}

	/**
	 * Batches finished spans for whichever exporters are defined, the application's own
	 * included. The queue is bounded: when it is full, spans are dropped, and counted,
	 * rather than making a request wait. Up to {@code max-concurrent-exports} batches are
	 * on the wire at once. Every export's outcome is recorded.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SpanExporter.class)
	static class BatchExport {

		@Bean
		@ConditionalOnMissingBean
		BatchProcessorTelemetry celloBatchProcessorTelemetry() {
			return new BatchProcessorTelemetry();
		}

		/** Cello's own log lines about an export outage, in place of the SDK's repeated ones. */
		@Bean
		@ConditionalOnMissingBean
		ExportOutageLog celloExportOutageLog(CelloTelemetryProperties properties, ExportStatistics statistics,
				BatchProcessorTelemetry telemetry) {
			String endpoint = properties.resolvedExportEndpoint();
			ExportOutageLog log = new ExportOutageLog(endpoint,
					new ExportFailureCause(endpoint, properties.getExportTimeout()), telemetry::droppedSpans);
			statistics.addListener(log);
			return log;
		}

		@Bean
		@ConditionalOnMissingBean
		BatchSpanProcessor celloBatchSpanProcessor(CelloTelemetryProperties properties,
				ObjectProvider<SpanExporter> exporters, ExportStatistics statistics,
				BatchProcessorTelemetry telemetry) {
			List<SpanExporter> all = exporters.orderedStream().toList();
			SpanExporter exporter = new CountingSpanExporter(SpanExporter.composite(all), statistics);
			if (properties.getMaxConcurrentExports() > 1) {
				exporter = new PipelinedSpanExporter(exporter, properties.getMaxConcurrentExports(),
						properties.getExportTimeout(), statistics);
			}
			return BatchSpanProcessor.builder(exporter)
				.setMaxExportBatchSize(properties.getBatchSize())
				.setMaxQueueSize(properties.getMaxQueueSize())
				.setScheduleDelay(properties.getScheduleDelay())
				.setExporterTimeout(properties.getExportTimeout())
				.setMeterProvider(telemetry::meterProvider)
				.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
				.build();
		}

	}

}
