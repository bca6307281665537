package io.cello.telemetry.autoconfigure.export;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import io.cello.telemetry.internal.export.CauseReportingSender;
import io.cello.telemetry.internal.export.ExportStatistics;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Zipkin exporter, {@code cello.telemetry.exporter: zipkin}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ZipkinSpanExporter.class, URLConnectionSender.class })
@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "zipkin")
public class ZipkinExportConfiguration {

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
