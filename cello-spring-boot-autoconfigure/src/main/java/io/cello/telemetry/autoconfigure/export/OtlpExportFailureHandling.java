package io.cello.telemetry.autoconfigure.export;

import java.time.Duration;

import io.cello.telemetry.internal.export.ExportThreads;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;

/**
 * How Cello's OTLP exporters behave when the collector fails: retries that fit well
 * inside the export timeout, and the HTTP client's callbacks on
 * {@link ExportThreads Cello's export threads}, where the SDK's per-failure log lines
 * give way to Cello's outage log.
 * <p>
 * The SDK's default retry policy (5 attempts, backoff from 1s growing by 1.5 up to 5s)
 * outlasts a 10s export timeout, so a collector answering 503, or a closed port, looked
 * exactly like one that never answers: the timeout cancelled the call before the last
 * attempt's answer could be reported. Three attempts with backoffs of a twentieth and a
 * tenth of the timeout report the collector's actual answer within one export.
 */
final class OtlpExportFailureHandling {

	static final int MAX_ATTEMPTS = 3;

	private OtlpExportFailureHandling() {
	}

	static void apply(OtlpHttpSpanExporterBuilder builder, Duration exportTimeout) {
		builder.setRetryPolicy(retryPolicy(exportTimeout)).setExecutorService(ExportThreads.newExecutor());
	}

	static void apply(OtlpGrpcSpanExporterBuilder builder, Duration exportTimeout) {
		builder.setRetryPolicy(retryPolicy(exportTimeout)).setExecutorService(ExportThreads.newExecutor());
	}

	static RetryPolicy retryPolicy(Duration exportTimeout) {
		Duration initialBackoff = exportTimeout.dividedBy(20);
		return RetryPolicy.builder()
			.setMaxAttempts(MAX_ATTEMPTS)
			.setInitialBackoff(initialBackoff.isZero() ? Duration.ofMillis(1) : initialBackoff)
			.setMaxBackoff(exportTimeout.dividedBy(10).plusMillis(1))
			.setBackoffMultiplier(2)
			.build();
	}

}
