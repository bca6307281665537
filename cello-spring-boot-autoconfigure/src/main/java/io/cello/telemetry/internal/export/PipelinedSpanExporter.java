package io.cello.telemetry.internal.export;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Lets the SDK's batch span processor keep up to {@code maxInFlight} exports in flight
 * instead of one: each batch is handed to the exporter and the call returns at once, so
 * the processor takes the next batch off its queue while earlier ones are still on the
 * wire. A further batch waits for a free slot; if none frees within the timeout, it is
 * counted as a failed export.
 * <p>
 * The processor waits for each export to finish before it takes the next batch, so its
 * throughput is one batch per round trip to the collector; when the exporter's threads
 * wait for a busy CPU, that round trip grows and the queue overflows long before the
 * exporter is short of CPU. The wrapped exporter is still never called concurrently, as
 * the OpenTelemetry specification requires: only its pending results overlap.
 * {@link #shutdown()} and {@link #flush()} wait for every pending export; the SDK's
 * processor does not call {@code flush()} when it is flushed, so
 * {@link FlushAwaitingSpanProcessor} does.
 */
public final class PipelinedSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final Semaphore slots;

	private final Duration timeout;

	private final ExportStatistics statistics;

	private final Set<CompletableResultCode> pending = ConcurrentHashMap.newKeySet();

	/**
	 * @param delegate where the batches go
	 * @param maxInFlight how many exports may be pending at once
	 * @param timeout how long a batch may wait for a free slot
	 * @param statistics where a batch that found none is counted
	 */
	public PipelinedSpanExporter(SpanExporter delegate, int maxInFlight, Duration timeout,
			ExportStatistics statistics) {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
		}
		this.delegate = delegate;
		this.slots = new Semaphore(maxInFlight);
		this.timeout = timeout;
		this.statistics = statistics;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		try {
			if (!this.slots.tryAcquire(this.timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				return failed(spans, new TimeoutException(
						"no export finished within " + this.timeout + " to make room for this one"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(spans, ex);
		}
		CompletableResultCode result;
		try {
			// The processor reuses its batch list once this returns.
			result = this.delegate.export(List.copyOf(spans));
		}
		catch (RuntimeException ex) {
			this.slots.release();
			throw ex;
		}
		this.pending.add(result);
		result.whenComplete(() -> {
			this.pending.remove(result);
			this.slots.release();
		});
		return CompletableResultCode.ofSuccess();
	}

	private CompletableResultCode failed(Collection<SpanData> spans, Exception reason) {
		this.statistics.failed(spans.size(), reason, System.nanoTime());
		return CompletableResultCode.ofFailure();
	}

	/** Completes when every export pending now has finished. */
	private CompletableResultCode awaitPending() {
		return CompletableResultCode.ofAll(List.copyOf(this.pending));
	}

	@Override
	public CompletableResultCode flush() {
		return sequence(awaitPending(), this.delegate::flush);
	}

	@Override
	public CompletableResultCode shutdown() {
		return sequence(awaitPending(), this.delegate::shutdown);
	}

	/**
	 * Starts {@code second} once {@code first} has completed; the result succeeds when both
	 * did.
	 */
	static CompletableResultCode sequence(CompletableResultCode first, Supplier<CompletableResultCode> second) {
		CompletableResultCode both = new CompletableResultCode();
		first.whenComplete(() -> {
			CompletableResultCode then = second.get();
			then.whenComplete(() -> {
				if (first.isSuccess() && then.isSuccess()) {
					both.succeed();
				}
				else {
					both.fail();
				}
			});
		});
		return both;
	}

	@Override
	public String toString() {
		return "PipelinedSpanExporter{" + this.delegate + "}";
	}

}
