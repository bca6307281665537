package io.cello.telemetry.internal.sampling;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What sampling has done beyond the ratio so far: new traces left out by the rate cap,
 * traces kept after the fact and why, spans that found the deferred-decision buffer full,
 * and the spans held in it now. Read by metrics.
 */
public final class SamplingStatistics {

	private final LongAdder rateLimited = new LongAdder();

	private final Map<KeepReason, LongAdder> kept = new EnumMap<>(KeepReason.class);

	private final LongAdder bufferOverflow = new LongAdder();

	private final AtomicInteger buffered = new AtomicInteger();

	public SamplingStatistics() {
		for (KeepReason reason : KeepReason.values()) {
			this.kept.put(reason, new LongAdder());
		}
	}

	void countRateLimited() {
		this.rateLimited.increment();
	}

	void countKept(KeepReason reason) {
		adder(reason).increment();
	}

	/** Takes one place in a buffer of {@code capacity} spans, or counts an overflow. */
	boolean hold(int capacity) {
		if (this.buffered.incrementAndGet() <= capacity) {
			return true;
		}
		this.buffered.decrementAndGet();
		this.bufferOverflow.increment();
		return false;
	}

	void release(int spans) {
		this.buffered.addAndGet(-spans);
	}

	/** New traces the sampler chose that the per-second cap left out. */
	public long rateLimited() {
		return this.rateLimited.sum();
	}

	/** Traces the sampler dropped that were exported after all, for {@code reason}. */
	public long kept(KeepReason reason) {
		return adder(reason).sum();
	}

	// The constructor puts an adder for every reason, which NullAway cannot see.
	@SuppressWarnings("NullAway")
	private LongAdder adder(KeepReason reason) {
		return this.kept.get(reason);
	}

	/** Spans not held for a deferred decision because the buffer was full; never exported. */
	public long bufferOverflow() {
		return this.bufferOverflow.sum();
	}

	/** Spans held now, waiting for their local root's end. */
	public int buffered() {
		return this.buffered.get();
	}

}
