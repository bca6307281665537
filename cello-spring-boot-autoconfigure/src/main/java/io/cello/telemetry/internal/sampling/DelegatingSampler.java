package io.cello.telemetry.internal.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * A sampler that asks its delegate first and may change the answer; described as its
 * class's name around its settings and its delegate's description.
 */
public abstract class DelegatingSampler implements Sampler {

	private final Sampler delegate;

	DelegatingSampler(Sampler delegate) {
		this.delegate = delegate;
	}

	@Override
	public final SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return decide(this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks));
	}

	/** The answer, given the delegate's. */
	abstract SamplingResult decide(SamplingResult result);

	/** What the description names before the delegate's, each setting followed by a comma. */
	String settings() {
		return "";
	}

	@Override
	public final String getDescription() {
		return getClass().getSimpleName() + "{" + settings() + this.delegate.getDescription() + "}";
	}

	@Override
	public final String toString() {
		return getDescription();
	}

}
