package io.cello.telemetry.internal.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets through at most a given number of traces per second, with bursts of up to one
 * second's worth (at least one trace). Lock-free: one atomic "next free slot" time that
 * each admitted trace moves on by one interval (the generic cell rate algorithm).
 */
final class TraceRateLimiter {

	private static final double NANOS_PER_SECOND = 1_000_000_000.0;

	private final long intervalNanos;

	private final long burstNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong nextFreeSlot;

	TraceRateLimiter(double perSecond, LongSupplier nanoClock) {
		if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
			throw new IllegalArgumentException("perSecond must be a positive number, was " + perSecond);
		}
		this.intervalNanos = Math.max(1L, Math.round(NANOS_PER_SECOND / perSecond));
		long burst = Math.max(1L, (long) perSecond);
		this.burstNanos = (burst > Long.MAX_VALUE / this.intervalNanos) ? Long.MAX_VALUE / 2
				: burst * this.intervalNanos;
		this.nanoClock = nanoClock;
		this.nextFreeSlot = new AtomicLong(nanoClock.getAsLong());
	}

	/** Whether one more trace may start now. */
	boolean tryAcquire() {
		long now = this.nanoClock.getAsLong();
		while (true) {
			long slot = this.nextFreeSlot.get();
			long next = ((slot - now > 0) ? slot : now) + this.intervalNanos;
			if (next - now > this.burstNanos) {
				return false;
			}
			if (this.nextFreeSlot.compareAndSet(slot, next)) {
				return true;
			}
		}
	}

}
