package io.cello.telemetry.internal.actuate;

import io.cello.telemetry.internal.export.BatchProcessorTelemetry;
import io.cello.telemetry.internal.export.ExportStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The telemetry pipeline's own figures as metrics: spans started, exported, dropped
 * because the export queue was full, and failed exports, and the queue's size.
 */
public final class TelemetryMetrics implements MeterBinder {

	private final ExportStatistics statistics;

	private final @Nullable BatchProcessorTelemetry processor;

	/**
	 * @param processor what the batch processor reports, or {@code null} when the
	 * application replaced it
	 */
	public TelemetryMetrics(ExportStatistics statistics, @Nullable BatchProcessorTelemetry processor) {
		this.statistics = statistics;
		this.processor = processor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("cello.telemetry.spans.started", this.statistics, ExportStatistics::spansStarted)
			.description("Spans that started recording")
			.register(registry);
		FunctionCounter.builder("cello.telemetry.spans.exported", this.statistics, ExportStatistics::spansExported)
			.description("Spans the exporter accepted")
			.register(registry);
		FunctionCounter.builder("cello.telemetry.spans.failed", this.statistics, ExportStatistics::spansFailed)
			.description("Spans in exports that failed")
			.register(registry);
		FunctionCounter.builder("cello.telemetry.export.failures", this.statistics, ExportStatistics::exportFailures)
			.description("Exports that failed")
			.register(registry);
		if (this.processor != null) {
			FunctionCounter
				.builder("cello.telemetry.spans.dropped", this.processor, BatchProcessorTelemetry::droppedSpans)
				.description("Spans dropped because the export queue was full")
				.register(registry);
			Gauge.builder("cello.telemetry.queue.size", this.processor, BatchProcessorTelemetry::queueSize)
				.description("Spans waiting for export")
				.register(registry);
		}
	}

}
