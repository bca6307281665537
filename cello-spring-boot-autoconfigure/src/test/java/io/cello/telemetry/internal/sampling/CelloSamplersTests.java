package io.cello.telemetry.internal.sampling;

import java.util.ArrayList;
import java.util.List;

import io.cello.telemetry.testsupport.TracerProviders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampler as the tracer uses it: ratio, then the per-second cap, parent-based, with
 * dropped spans recorded or not.
 */
class CelloSamplersTests {

	private final SamplingStatistics statistics = new SamplingStatistics();

	private final IdGenerator ids = IdGenerator.random();

	@AutoClose
	private final TracerProviders providers = new TracerProviders();

	@Test
	void newTracesBeyondTheCapAreDroppedAndCounted() {
		Tracer tracer = tracer(CelloSamplers.create(1.0, true, 2.0, false, this.statistics, () -> 0L));

		List<Span> roots = startRoots(tracer, 5);

		assertThat(roots).filteredOn((span) -> span.getSpanContext().isSampled()).hasSize(2);
		assertThat(roots).filteredOn(Span::isRecording).hasSize(2);
		assertThat(this.statistics.rateLimited()).isEqualTo(3);
	}

	@Test
	void newTracesBeyondTheCapAreRecordedUnsampledWhenDroppedSpansAreRecorded() {
		Tracer tracer = tracer(CelloSamplers.create(1.0, true, 2.0, true, this.statistics, () -> 0L));

		List<Span> roots = startRoots(tracer, 5);

		assertThat(roots).filteredOn((span) -> span.getSpanContext().isSampled()).hasSize(2);
		assertThat(roots).allMatch(Span::isRecording);
		assertThat(this.statistics.rateLimited()).isEqualTo(3);
	}

	@Test
	void anUpstreamSampledTraceIsNeverCapped() {
		Tracer tracer = tracer(CelloSamplers.create(1.0, true, 1.0, false, this.statistics, () -> 0L));
		startRoots(tracer, 1);

		for (int i = 0; i < 5; i++) {
			Span span = tracer.spanBuilder("GET /orders").setParent(remoteParent(TraceFlags.getSampled())).startSpan();
			assertThat(span.getSpanContext().isSampled()).isTrue();
			span.end();
		}
		assertThat(this.statistics.rateLimited()).isZero();
	}

	@Test
	void anUpstreamUnsampledTraceIsRecordedOnlyWhenDroppedSpansAreRecorded() {
		Span notRecorded = tracer(CelloSamplers.create(1.0, true, null, false, this.statistics)).spanBuilder("GET /orders")
			.setParent(remoteParent(TraceFlags.getDefault()))
			.startSpan();
		Span recorded = tracer(CelloSamplers.create(1.0, true, null, true, this.statistics)).spanBuilder("GET /orders")
			.setParent(remoteParent(TraceFlags.getDefault()))
			.startSpan();

		assertThat(notRecorded.isRecording()).isFalse();
		assertThat(recorded.isRecording()).isTrue();
		assertThat(recorded.getSpanContext().isSampled()).isFalse();
	}

	@Test
	void childrenOfARecordedUnsampledSpanAreRecordedUnsampled() {
		Tracer tracer = tracer(CelloSamplers.create(0.0, true, null, true, this.statistics));
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		Span child = tracer.spanBuilder("load").setParent(Context.root().with(root)).startSpan();

		assertThat(root.isRecording()).isTrue();
		assertThat(child.isRecording()).isTrue();
		assertThat(child.getSpanContext().isSampled()).isFalse();
		assertThat(child.getSpanContext().getTraceId()).isEqualTo(root.getSpanContext().getTraceId());
	}

	@Test
	void theCapCountsOnlyTracesTheRatioSampled() {
		Tracer tracer = tracer(CelloSamplers.create(0.0, true, 1.0, false, this.statistics, () -> 0L));

		assertThat(startRoots(tracer, 5)).noneMatch(Span::isRecording);
		assertThat(this.statistics.rateLimited()).isZero();
	}

	@Test
	void notParentBasedTheRatioDecidesWhateverTheCallersFlag() {
		Tracer tracer = tracer(CelloSamplers.create(0.0, false, null, false, this.statistics));
		Span underSampled = tracer.spanBuilder("GET /orders").setParent(remoteParent(TraceFlags.getSampled())).startSpan();
		assertThat(underSampled.isRecording()).isFalse();

		tracer = tracer(CelloSamplers.create(1.0, false, null, false, this.statistics));
		Span underUnsampled = tracer.spanBuilder("GET /orders")
			.setParent(remoteParent(TraceFlags.getDefault()))
			.startSpan();
		assertThat(underUnsampled.getSpanContext().isSampled()).isTrue();
	}

	@Test
	void notParentBasedTheCapCountsTracesNotSpans() {
		Tracer tracer = tracer(CelloSamplers.create(1.0, false, 1.0, false, this.statistics, () -> 0L));
		Span request = tracer.spanBuilder("GET /orders").setParent(remoteParent(TraceFlags.getSampled())).startSpan();
		Span child = tracer.spanBuilder("load").setParent(Context.root().with(request)).startSpan();
		Span capped = tracer.spanBuilder("GET /orders").setParent(remoteParent(TraceFlags.getSampled())).startSpan();

		assertThat(request.getSpanContext().isSampled()).isTrue();
		assertThat(child.getSpanContext().isSampled()).as("follows its local parent").isTrue();
		assertThat(capped.isRecording()).as("the cap applies to a caller's sampled trace too").isFalse();
		assertThat(this.statistics.rateLimited()).isEqualTo(1);
	}

	@Test
	void samplingEverythingWithoutParentRecordsNothingExtra() {
		assertThat(CelloSamplers.canDrop(1.0, false, null)).isFalse();
		assertThat(CelloSamplers.canDrop(1.0, true, null)).as("an unsampled caller can arrive").isTrue();
		assertThat(CelloSamplers.canDrop(0.5, false, null)).isTrue();
		assertThat(CelloSamplers.canDrop(1.0, false, 10.0)).isTrue();
	}

	private Tracer tracer(Sampler sampler) {
		return this.providers.build(SdkTracerProvider.builder().setSampler(sampler)).get("test");
	}

	private static List<Span> startRoots(Tracer tracer, int count) {
		List<Span> roots = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			roots.add(tracer.spanBuilder("GET /orders").setNoParent().startSpan());
		}
		return roots;
	}

	private Context remoteParent(TraceFlags flags) {
		SpanContext parent = SpanContext.createFromRemoteParent(this.ids.generateTraceId(), this.ids.generateSpanId(),
				flags, TraceState.getDefault());
		return Context.root().with(Span.wrap(parent));
	}

}
