package io.cello.telemetry.internal.sampling;

import java.util.function.LongSupplier;

import io.opentelemetry.sdk.trace.samplers.ParentBasedSamplerBuilder;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

/**
 * Cello's sampler. A new trace is sampled at a ratio, then capped at a number of traces
 * per second. Parent-based (the default), a trace that arrives with a sampling decision
 * keeps it; otherwise the ratio and the cap decide for every trace this process sees,
 * whatever the caller's flag, as OpenTelemetry's {@code traceidratio} sampler does
 * (spans under a local parent still follow it, so a trace is never cut in the middle).
 * When dropped traces may be kept later ({@link TraceKeepRule}), what it drops is still
 * recorded, unsampled, for {@link DeferredSamplingSpanProcessor} to decide on.
 */
public final class CelloSamplers {

	private CelloSamplers() {
	}

	/**
	 * Whether a sampler of these settings can drop a trace: a ratio below 1, a cap, or a
	 * parent-based sampler, which drops what arrives unsampled.
	 */
	public static boolean canDrop(double ratio, boolean parentBased, @Nullable Double maxTracesPerSecond) {
		return ratio < 1.0 || parentBased || maxTracesPerSecond != null;
	}

	/**
	 * @param ratio the fraction of traces to sample
	 * @param parentBased whether a remote parent's decision is honoured
	 * @param maxTracesPerSecond the cap on sampled traces, or {@code null} for none
	 * @param recordDropped whether dropped spans are recorded for a later decision
	 */
	public static Sampler create(double ratio, boolean parentBased, @Nullable Double maxTracesPerSecond,
			boolean recordDropped, SamplingStatistics statistics) {
		return create(ratio, parentBased, maxTracesPerSecond, recordDropped, statistics, System::nanoTime);
	}

	static Sampler create(double ratio, boolean parentBased, @Nullable Double maxTracesPerSecond,
			boolean recordDropped, SamplingStatistics statistics, LongSupplier nanoClock) {
		Sampler root = Sampler.traceIdRatioBased(ratio);
		if (maxTracesPerSecond != null) {
			root = new RateLimitingSampler(root, maxTracesPerSecond, statistics, nanoClock);
		}
		if (recordDropped && (ratio < 1.0 || maxTracesPerSecond != null)) {
			root = new RecordDroppedSampler(root);
		}
		Sampler notSampled = recordDropped ? new RecordDroppedSampler(Sampler.alwaysOff()) : Sampler.alwaysOff();
		ParentBasedSamplerBuilder builder = Sampler.parentBasedBuilder(root).setLocalParentNotSampled(notSampled);
		if (parentBased) {
			return builder.setRemoteParentNotSampled(notSampled).build();
		}
		return builder.setRemoteParentSampled(root).setRemoteParentNotSampled(root).build();
	}

}
