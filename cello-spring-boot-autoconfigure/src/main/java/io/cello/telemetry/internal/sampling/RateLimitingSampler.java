package io.cello.telemetry.internal.sampling;

import java.util.function.LongSupplier;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Caps the traces its delegate samples at a number per second; beyond the cap a trace is
 * dropped and counted. Meant as the root sampler of a parent-based sampler, so that only
 * new traces are capped and an upstream decision is still honoured.
 */
public final class RateLimitingSampler extends DelegatingSampler {

	private final double perSecond;

	private final TraceRateLimiter limiter;

	private final SamplingStatistics statistics;

	public RateLimitingSampler(Sampler delegate, double perSecond, SamplingStatistics statistics) {
		this(delegate, perSecond, statistics, System::nanoTime);
	}

	RateLimitingSampler(Sampler delegate, double perSecond, SamplingStatistics statistics, LongSupplier nanoClock) {
		super(delegate);
		this.perSecond = perSecond;
		this.limiter = new TraceRateLimiter(perSecond, nanoClock);
		this.statistics = statistics;
	}

	@Override
	SamplingResult decide(SamplingResult result) {
		if (result.getDecision() != SamplingDecision.RECORD_AND_SAMPLE || this.limiter.tryAcquire()) {
			return result;
		}
		this.statistics.countRateLimited();
		return SamplingResult.drop();
	}

	@Override
	String settings() {
		return this.perSecond + "/s,";
	}

}
