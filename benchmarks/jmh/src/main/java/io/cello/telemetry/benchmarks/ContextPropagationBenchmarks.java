package io.cello.telemetry.benchmarks;

import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.requestid.RequestIds;
import io.micrometer.context.ContextRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * What automatic context propagation costs a request-shaped Reactor pipeline with Cello's
 * context accessor registered, as in a traced application: nested boundaries at which
 * Reactor sets and restores thread-locals (publishers that are not Reactor's own, a
 * {@code handle}), with the request's OpenTelemetry context in the Reactor context or
 * without it, against the same pipeline without automatic propagation. Run with
 * {@code -prof gc} for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContextPropagationBenchmarks {

	/** A publisher that is not one of Reactor's: Reactor restores thread-locals around its signals. */
	private static final Publisher<String> FOREIGN = (subscriber) -> Mono.just("value").subscribe(subscriber);

	/** Reactor's automatic context propagation on (as Cello sets it), or off: the baseline. */
	@Param({ "true", "false" })
	public boolean automatic;

	/** Whether the pipeline's Reactor context holds a request's OpenTelemetry context. */
	@Param({ "true", "false" })
	public boolean withRequestContext;

	private final OpenTelemetryContextAccessor accessor = new OpenTelemetryContextAccessor();

	private Mono<Integer> pipeline;

	@Setup(Level.Trial)
	public void setUp() {
		if (this.automatic) {
			Hooks.enableAutomaticContextPropagation();
		}
		ContextRegistry.getInstance().registerThreadLocalAccessor(this.accessor);
		SpanContext span = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
				TraceFlags.getSampled(), TraceState.getDefault());
		Context request = Context.root().with(Span.wrap(span)).with(RequestIds.CONTEXT_KEY, "req-42");
		reactor.util.context.Context reactorContext = this.withRequestContext
				? reactor.util.context.Context.of(OpenTelemetryContextAccessor.KEY, request)
				: reactor.util.context.Context.empty();
		this.pipeline = Mono.from(FOREIGN)
			.flatMap((value) -> Mono.from(FOREIGN))
			.<Integer>handle((value, sink) -> sink.next(value.length()))
			.contextWrite(reactorContext);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		Hooks.disableAutomaticContextPropagation();
		ContextRegistry.getInstance().removeThreadLocalAccessor(OpenTelemetryContextAccessor.KEY);
	}

	@Benchmark
	public Integer pipeline() {
		return this.pipeline.block();
	}

}
