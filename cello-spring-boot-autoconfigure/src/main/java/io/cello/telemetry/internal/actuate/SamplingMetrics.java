package io.cello.telemetry.internal.actuate;

import io.cello.telemetry.internal.sampling.KeepReason;
import io.cello.telemetry.internal.sampling.SamplingStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What sampling did beyond the ratio, as metrics: new traces left out by the per-second
 * cap, dropped traces kept for an error or slowness, and the deferred-decision buffer.
 */
public final class SamplingMetrics implements MeterBinder {

	private final SamplingStatistics statistics;

	public SamplingMetrics(SamplingStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter
			.builder("cello.telemetry.sampling.rate.limited", this.statistics, SamplingStatistics::rateLimited)
			.description("New traces left unsampled by cello.telemetry.sampling.max-traces-per-second")
			.register(registry);
		for (KeepReason reason : KeepReason.values()) {
			FunctionCounter
				.builder("cello.telemetry.sampling.kept", this.statistics, (statistics) -> statistics.kept(reason))
				.tag("reason", reason.tagValue())
				.description("Traces left unsampled that were exported because their local root ended in error or was slow")
				.register(registry);
		}
		FunctionCounter
			.builder("cello.telemetry.sampling.buffer.overflow", this.statistics, SamplingStatistics::bufferOverflow)
			.description("Spans not held for a keep decision because cello.telemetry.sampling.max-buffered-spans was reached")
			.register(registry);
		Gauge.builder("cello.telemetry.sampling.buffered", this.statistics, SamplingStatistics::buffered)
			.description("Spans held until their local root ends, for a keep decision")
			.register(registry);
	}

}
