package io.cello.telemetry.autoconfigure.export;

import java.util.List;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import io.cello.telemetry.internal.export.BatchProcessorTelemetry;
import io.cello.telemetry.internal.export.CountingSpanExporter;
import io.cello.telemetry.internal.export.ExportEndpoint;
import io.cello.telemetry.internal.export.ExportFailureCause;
import io.cello.telemetry.internal.export.ExportOutageLog;
import io.cello.telemetry.internal.export.ExportStatistics;
import io.cello.telemetry.internal.export.PipelinedSpanExporter;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Batches finished spans for whichever exporters are defined, the application's own
 * included. The queue is bounded: when it is full, spans are dropped, and counted,
 * rather than making a request wait. Up to {@code max-concurrent-exports} batches are
 * on the wire at once. Every export's outcome is recorded.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(SpanExporter.class)
public class BatchExportConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BatchProcessorTelemetry celloBatchProcessorTelemetry() {
		return new BatchProcessorTelemetry();
	}

	/** Cello's own log lines about an export outage, in place of the SDK's repeated ones. */
	@Bean
	@ConditionalOnMissingBean
	ExportOutageLog celloExportOutageLog(CelloTelemetryProperties properties, ExportStatistics statistics,
			BatchProcessorTelemetry telemetry, BeanFactory beanFactory) {
		String endpoint = ExportEndpoint.of(properties, beanFactory);
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
