package io.cello.telemetry.autoconfigure.export;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exporter that logs every span, {@code cello.telemetry.exporter: logging}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(LoggingSpanExporter.class)
@ConditionalOnProperty(name = "cello.telemetry.exporter", havingValue = "logging")
public class LoggingExportConfiguration {

	@Bean
	@ConditionalOnMissingBean(SpanExporter.class)
	SpanExporter celloLoggingSpanExporter() {
		return LoggingSpanExporter.create();
	}

}
