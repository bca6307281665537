package io.cello.telemetry.internal.sampling;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Records, without sampling, the spans its delegate drops, so that
 * {@link DeferredSamplingSpanProcessor} can still keep their trace when it ends. Such spans
 * carry an unsampled flag downstream, as they would have without this sampler.
 */
public final class RecordDroppedSampler extends DelegatingSampler {

	public RecordDroppedSampler(Sampler delegate) {
		super(delegate);
	}

	@Override
	SamplingResult decide(SamplingResult result) {
		return (result.getDecision() == SamplingDecision.DROP) ? SamplingResult.recordOnly() : result;
	}

}
