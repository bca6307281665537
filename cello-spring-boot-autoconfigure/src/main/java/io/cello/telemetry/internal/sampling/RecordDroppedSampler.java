package io.cello.telemetry.internal.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Records, without sampling, the spans its delegate drops, so that
 * {@link DeferredSamplingSpanProcessor} can still keep their trace when it ends. Such spans
 * carry an unsampled flag downstream, as they would have without this sampler.
 */
public final class RecordDroppedSampler implements Sampler {

	private final Sampler delegate;

	public RecordDroppedSampler(Sampler delegate) {
		this.delegate = delegate;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		return (result.getDecision() == SamplingDecision.DROP) ? SamplingResult.recordOnly() : result;
	}

	@Override
	public String getDescription() {
		return "RecordDroppedSampler{" + this.delegate.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

}
