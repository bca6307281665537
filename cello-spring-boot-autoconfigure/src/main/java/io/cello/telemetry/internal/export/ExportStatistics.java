package io.cello.telemetry.internal.export;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What the telemetry pipeline has done so far: spans started, spans exported, exports
 * that failed and the exporter's current state. Updated by {@link SpanStartCounter} and
 * {@link CountingSpanExporter}; read by metrics and health, and told to
 * {@link Listener listeners} such as {@link ExportOutageLog}.
 */
public final class ExportStatistics {

	private final LongAdder spansStarted = new LongAdder();

	private final LongAdder spansExported = new LongAdder();

	private final LongAdder spansFailed = new LongAdder();

	private final LongAdder exportFailures = new LongAdder();

	private final AtomicLong consecutiveFailures = new AtomicLong();

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable Throwable lastFailureCause;

	private final AtomicReference<Throwable> reportedCause = new AtomicReference<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** Tells {@code listener} of every export's outcome from now on. */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	void spanStarted() {
		this.spansStarted.increment();
	}

	/**
	 * @param spans how many spans the export carried
	 * @param started when the export started, from {@link System#nanoTime()}
	 */
	void exported(int spans, long started) {
		this.spansExported.add(spans);
		this.consecutiveFailures.set(0);
		this.lastSuccess = Instant.now();
		this.reportedCause.set(null);
		this.listeners.forEach((listener) -> listener.exported(spans, started));
	}

	/**
	 * Keeps why the export in progress failed, for an exporter that fails its result
	 * without saying why (Zipkin's), until {@link #failed(int, Throwable, long)} takes it.
	 */
	void causeReported(Throwable cause) {
		this.reportedCause.set(cause);
	}

	/**
	 * @param spans how many spans the export carried
	 * @param error why it failed, or {@code null}
	 * @param started when the export started, from {@link System#nanoTime()}
	 */
	void failed(int spans, @Nullable Throwable error, long started) {
		this.spansFailed.add(spans);
		this.exportFailures.increment();
		this.consecutiveFailures.incrementAndGet();
		this.lastFailure = Instant.now();
		Throwable reported = this.reportedCause.getAndSet(null);
		Throwable cause = (error != null) ? error : reported;
		this.lastFailureCause = cause;
		this.listeners.forEach((listener) -> listener.failed(spans, cause, started));
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

	public @Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	public @Nullable Instant lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Why the last export failed, as the exporter gave it; {@code null} when none failed or
	 * the exporter did not say. {@link ExportFailureCause} tells it in words.
	 */
	public @Nullable Throwable lastFailureCause() {
		return this.lastFailureCause;
	}

	/**
	 * Told of each export's outcome, after it has been counted. With exports in flight at
	 * once, outcomes may arrive in another order than the exports started, which
	 * {@code started} (from {@link System#nanoTime()}) tells.
	 */
	public interface Listener {

		/** An export of {@code spans} spans, started at {@code started}, succeeded. */
		void exported(int spans, long started);

		/**
		 * An export of {@code spans} spans, started at {@code started}, failed;
		 * {@code cause} is {@code null} if unknown.
		 */
		void failed(int spans, @Nullable Throwable cause, long started);

	}

}
