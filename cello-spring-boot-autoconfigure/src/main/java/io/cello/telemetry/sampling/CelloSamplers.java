package io.cello.telemetry.sampling;

import java.util.function.LongSupplier;

import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Cello's sampler: parent-based, so an upstream decision is honoured; a new trace is
 * sampled at a ratio, then capped at a number of traces per second. When dropped traces
 * may be kept later ({@link TraceKeepRule}), what it drops is still recorded, unsampled,
 * for {@link DeferredSamplingSpanProcessor} to decide on.
 */
public final class CelloSamplers {

	private CelloSamplers() {
	}

	/**
	 * @param ratio the fraction of new traces to sample
	 * @param maxTracesPerSecond the cap on new sampled traces, or {@code null} for none
	 * @param recordDropped whether dropped spans are recorded for a later decision
	 */
	public static Sampler create(double ratio, Double maxTracesPerSecond, boolean recordDropped,
			SamplingStatistics statistics) {
		return create(ratio, maxTracesPerSecond, recordDropped, statistics, System::nanoTime);
	}

	static Sampler create(double ratio, Double maxTracesPerSecond, boolean recordDropped,
			SamplingStatistics statistics, LongSupplier nanoClock) {
		Sampler root = Sampler.traceIdRatioBased(ratio);
		if (maxTracesPerSecond != null) {
			root = new RateLimitingSampler(root, maxTracesPerSecond, statistics, nanoClock);
		}
		if (!recordDropped) {
			return Sampler.parentBased(root);
		}
		Sampler recordOnly = new RecordDroppedSampler(Sampler.alwaysOff());
		return Sampler.parentBasedBuilder(new RecordDroppedSampler(root))
			.setRemoteParentNotSampled(recordOnly)
			.setLocalParentNotSampled(recordOnly)
			.build();
	}

}
