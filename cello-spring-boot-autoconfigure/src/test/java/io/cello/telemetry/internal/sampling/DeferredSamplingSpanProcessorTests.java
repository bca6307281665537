package io.cello.telemetry.internal.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.testsupport.TracerProviders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deferred decision on a real tracer provider: traces the sampler dropped, recorded,
 * exported through a real export processor only when their local root ends in error or
 * is slow.
 */
class DeferredSamplingSpanProcessorTests {

	private static final TraceKeepRule KEEP_ERRORS = new TraceKeepRule(true, null);

	private final InMemorySpanExporter exported = InMemorySpanExporter.create();

	private final SamplingStatistics statistics = new SamplingStatistics();

	@AutoClose
	private final TracerProviders providers = new TracerProviders();

	private SdkTracerProvider provider;

	@Test
	void aDroppedTraceWhoseRootEndsInErrorIsExportedWholeAndSampled() {
		Tracer tracer = tracer(0.0, KEEP_ERRORS, 100);
		Span root = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
		Span query = child(tracer, root, "select order");
		Span row = child(tracer, query, "map row");
		Span late = child(tracer, root, "audit");
		row.end();
		query.end();

		assertThat(root.getSpanContext().isSampled()).isFalse();
		assertThat(this.exported.getFinishedSpanItems()).isEmpty();
		root.setStatus(StatusCode.ERROR, "payment declined");
		root.end();
		late.end();

		List<SpanData> spans = this.exported.getFinishedSpanItems();
		assertThat(spans).extracting(SpanData::getName)
			.containsExactly("map row", "select order", "GET /orders/{id}", "audit");
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.getSpanContext().isSampled()).isTrue();
			assertThat(span.getTraceId()).isEqualTo(root.getSpanContext().getTraceId());
		});
		assertThat(spans.get(0).getParentSpanId()).isEqualTo(query.getSpanContext().getSpanId());
		assertThat(spans.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(this.statistics.kept(KeepReason.ERROR)).isOne();
		assertThat(this.statistics.buffered()).isZero();
	}

	@Test
	void aDroppedTraceThatEndsWellIsNotExportedAndReleasesItsSpans() {
		Tracer tracer = tracer(0.0, KEEP_ERRORS, 100);
		Span root = tracer.spanBuilder("GET /orders/{id}").startSpan();
		Span query = child(tracer, root, "select order");
		Span late = child(tracer, root, "audit");
		query.end();
		assertThat(this.statistics.buffered()).isEqualTo(3);

		root.end();
		late.end();
		Span afterTheDecision = child(tracer, late, "cleanup");
		afterTheDecision.setStatus(StatusCode.ERROR);
		afterTheDecision.end();

		assertThat(this.exported.getFinishedSpanItems()).isEmpty();
		assertThat(this.statistics.buffered()).isZero();
		assertThat(this.statistics.kept(KeepReason.ERROR)).isZero();
	}

	@Test
	void onlyTheLocalRootDecides() {
		Tracer tracer = tracer(0.0, KEEP_ERRORS, 100);
		Span root = tracer.spanBuilder("GET /orders/{id}").startSpan();
		Span failedCall = child(tracer, root, "GET");
		failedCall.setStatus(StatusCode.ERROR);
		failedCall.end();
		root.end();

		assertThat(this.exported.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void aSlowRootKeepsItsTraceAndAFastOneDoesNot() {
		Tracer tracer = tracer(0.0, new TraceKeepRule(false, Duration.ofMillis(100)), 100);
		long start = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

		Span slow = tracer.spanBuilder("GET /slow").setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
		child(tracer, slow, "slow query").end();
		slow.end(start + Duration.ofMillis(150).toNanos(), TimeUnit.NANOSECONDS);
		Span fast = tracer.spanBuilder("GET /fast").setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
		fast.setStatus(StatusCode.ERROR);
		fast.end(start + Duration.ofMillis(50).toNanos(), TimeUnit.NANOSECONDS);

		assertThat(this.exported.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("slow query", "GET /slow");
		assertThat(this.statistics.kept(KeepReason.SLOW)).isOne();
		assertThat(this.statistics.kept(KeepReason.ERROR)).isZero();
	}

	@Test
	void theLocalPartOfATraceDroppedUpstreamIsKeptOnError() {
		Tracer tracer = tracer(1.0, KEEP_ERRORS, 100);
		IdGenerator ids = IdGenerator.random();
		SpanContext upstream = SpanContext.createFromRemoteParent(ids.generateTraceId(), ids.generateSpanId(),
				TraceFlags.getDefault(), TraceState.getDefault());

		Span server = tracer.spanBuilder("GET /users/{id}")
			.setParent(Context.root().with(Span.wrap(upstream)))
			.setSpanKind(SpanKind.SERVER)
			.startSpan();
		assertThat(server.getSpanContext().isSampled()).isFalse();
		server.setStatus(StatusCode.ERROR);
		server.end();

		SpanData span = this.exported.getFinishedSpanItems().get(0);
		assertThat(span.getTraceId()).isEqualTo(upstream.getTraceId());
		assertThat(span.getParentSpanId()).isEqualTo(upstream.getSpanId());
		assertThat(span.getParentSpanContext().isRemote()).isTrue();
	}

	@Test
	void sampledSpansAreExportedOnceAsUsual() {
		Tracer tracer = tracer(1.0, KEEP_ERRORS, 100);
		Span root = tracer.spanBuilder("GET /orders/{id}").startSpan();
		child(tracer, root, "select order").end();
		root.setStatus(StatusCode.ERROR);
		root.end();

		assertThat(this.exported.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("select order", "GET /orders/{id}");
		assertThat(this.statistics.kept(KeepReason.ERROR)).isZero();
		assertThat(this.statistics.buffered()).isZero();
	}

	@Test
	void spansBeyondTheBufferAreNotKeptAndAreCounted() {
		Tracer tracer = tracer(0.0, KEEP_ERRORS, 3);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		for (int i = 1; i <= 4; i++) {
			child(tracer, root, "item " + i).end();
		}
		root.setStatus(StatusCode.ERROR);
		root.end();

		assertThat(this.exported.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("item 1", "item 2", "GET /orders");
		assertThat(this.statistics.bufferOverflow()).isEqualTo(2);
		assertThat(this.statistics.buffered()).isZero();

		this.exported.reset();
		Span next = tracer.spanBuilder("GET /orders").startSpan();
		child(tracer, next, "item").end();
		child(tracer, next, "item").end();
		next.setStatus(StatusCode.ERROR);
		next.end();
		assertThat(this.exported.getFinishedSpanItems()).hasSize(3);
	}

	@Test
	void concurrentTracesAreDecidedOnTheirOwn() throws Exception {
		Tracer tracer = tracer(0.0, KEEP_ERRORS, 10_000);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Void>> workers = new ArrayList<>();
			for (int worker = 0; worker < 4; worker++) {
				workers.add(() -> {
					for (int i = 0; i < 250; i++) {
						Span root = tracer.spanBuilder("GET /orders").startSpan();
						Span first = child(tracer, root, "first");
						child(tracer, first, "second").end();
						first.end();
						if (i % 2 == 0) {
							root.setStatus(StatusCode.ERROR);
						}
						root.end();
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(workers)) {
				done.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		List<SpanData> spans = this.exported.getFinishedSpanItems();
		assertThat(spans).hasSize(4 * 125 * 3);
		assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(4 * 125);
		assertThat(this.statistics.kept(KeepReason.ERROR)).isEqualTo(4 * 125);
		assertThat(this.statistics.buffered()).isZero();
	}

	@Test
	void shutdownReleasesTheSpansStillWaiting() {
		Tracer tracer = tracer(0.0, KEEP_ERRORS, 100);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		child(tracer, root, "select order").end();

		this.provider.shutdown().join(5, TimeUnit.SECONDS);

		assertThat(this.statistics.buffered()).isZero();
		assertThat(this.exported.getFinishedSpanItems()).isEmpty();
	}

	private Tracer tracer(double ratio, TraceKeepRule rule, int capacity) {
		Sampler sampler = CelloSamplers.create(ratio, true, null, true, this.statistics);
		SpanProcessor export = SimpleSpanProcessor.create(this.exported);
		this.provider = this.providers.build(SdkTracerProvider.builder()
			.setSampler(sampler)
			.addSpanProcessor(export)
			.addSpanProcessor(new DeferredSamplingSpanProcessor(rule, List.of(export), capacity, this.statistics)));
		return this.provider.get("test");
	}

	private static Span child(Tracer tracer, Span parent, String name) {
		return tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
	}

}
