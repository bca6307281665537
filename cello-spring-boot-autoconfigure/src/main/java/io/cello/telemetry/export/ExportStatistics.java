package io.cello.telemetry.export;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the telemetry pipeline has done so far: spans started, spans exported, exports
 * that failed and the exporter's current state. Updated by {@link SpanStartCounter} and
 * {@link CountingSpanExporter}; read by metrics and health.
 */
public final class ExportStatistics {

	private final LongAdder spansStarted = new LongAdder();

	private final LongAdder spansExported = new LongAdder();

	private final LongAdder spansFailed = new LongAdder();

	private final LongAdder exportFailures = new LongAdder();

	private final AtomicLong consecutiveFailures = new AtomicLong();

	private volatile Instant lastSuccess;

	private volatile Instant lastFailure;

	private volatile String lastError;

	void spanStarted() {
		this.spansStarted.increment();
	}

	void exported(int spans) {
		this.spansExported.add(spans);
		this.consecutiveFailures.set(0);
		this.lastSuccess = Instant.now();
	}

	void failed(int spans, Throwable error) {
		this.spansFailed.add(spans);
		this.exportFailures.increment();
		this.consecutiveFailures.incrementAndGet();
		this.lastFailure = Instant.now();
		this.lastError = (error != null) ? error.getClass().getSimpleName() + ": " + error.getMessage()
				: "the exporter reported a failure";
	}

	public long spansStarted() {
		return this.spansStarted.sum();
	}

	public long spansExported() {
		return this.spansExported.sum();
	}

	/** Spans in exports that failed; they are not retried. */
	public long spansFailed() {
		return this.spansFailed.sum();
	}

	public long exportFailures() {
		return this.exportFailures.sum();
	}

	public long consecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	public Instant lastSuccess() {
		return this.lastSuccess;
	}

	public Instant lastFailure() {
		return this.lastFailure;
	}

	public String lastError() {
		return this.lastError;
	}

}
