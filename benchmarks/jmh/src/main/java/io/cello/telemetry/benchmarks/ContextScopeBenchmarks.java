package io.cello.telemetry.benchmarks;

import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.context.ContextScope;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * One {@link ContextScope}, as Cello opens several per request (subscription, each
 * delivered signal, each scheduled task): a request's context made current on a thread
 * with nothing current (an event loop between requests), and a second scope of the same
 * request inside it, each with the correlation IDs in Logback's MDC.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContextScopeBenchmarks {

	private final Context request = Context.root()
		.with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
				TraceFlags.getSampled(), TraceState.getDefault())))
		.with(RequestIds.CONTEXT_KEY, "5b8e2a1c-9d3f-4e6a-8b7c-1f2e3d4c5b6a");

	private final Context child = this.request.with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
			"b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault())));

	@Benchmark
	public String onIdleThread() {
		try (ContextScope scope = ContextScope.open(this.request)) {
			return MDC.get("trace_id");
		}
	}

	@Benchmark
	public String childSpanInsideRequest() {
		try (ContextScope scope = ContextScope.open(this.request)) {
			try (ContextScope inner = ContextScope.open(this.child)) {
				return MDC.get("span_id");
			}
		}
	}

}
