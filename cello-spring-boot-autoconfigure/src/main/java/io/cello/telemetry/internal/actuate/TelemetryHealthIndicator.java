package io.cello.telemetry.internal.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cello.telemetry.internal.export.BatchProcessorTelemetry;
import io.cello.telemetry.internal.export.ExportFailureCause;
import io.cello.telemetry.internal.export.ExportStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Shows the exporter's state in the health details: the last successful and failed
 * export, consecutive failures, the last error (told as a cause a person can act on, see
 * {@link ExportFailureCause}) and dropped spans. Always UP: a collector
 * outage loses spans, never the application's service, so it must not turn a health
 * check or probe DOWN.
 */
public final class TelemetryHealthIndicator implements HealthIndicator {

	private final String exporter;

	private final @Nullable String endpoint;

	private final ExportStatistics statistics;

	private final @Nullable BatchProcessorTelemetry processor;

	private final ExportFailureCause causes;

	/**
	 * @param endpoint where spans go, or {@code null} when the exporter has no endpoint
	 * @param processor what the batch processor reports, or {@code null}
	 * @param causes what tells why an export failed
	 */
	public TelemetryHealthIndicator(String exporter, @Nullable String endpoint, ExportStatistics statistics,
			@Nullable BatchProcessorTelemetry processor, ExportFailureCause causes) {
		this.exporter = exporter;
		this.endpoint = endpoint;
		this.statistics = statistics;
		this.processor = processor;
		this.causes = causes;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("exporter", this.exporter);
		if (this.endpoint != null) {
			details.put("endpoint", this.endpoint);
		}
		details.put("state", state());
		details.put("lastSuccess", this.statistics.lastSuccess());
		details.put("lastFailure", this.statistics.lastFailure());
		details.put("consecutiveFailures", this.statistics.consecutiveFailures());
		if (this.statistics.lastFailure() != null) {
			details.put("lastError", this.causes.describe(this.statistics.lastFailureCause()));
		}
		details.put("spansExported", this.statistics.spansExported());
		details.put("spansFailed", this.statistics.spansFailed());
		if (this.processor != null) {
			details.put("spansDropped", this.processor.droppedSpans());
			details.put("queueSize", this.processor.queueSize());
		}
		details.values().removeIf((value) -> value == null);
		return Health.up().withDetails(details).build();
	}

	private String state() {
		if (this.statistics.consecutiveFailures() > 0) {
			return "failing";
		}
		return (this.statistics.lastSuccess() != null) ? "exporting" : "idle";
	}

}
