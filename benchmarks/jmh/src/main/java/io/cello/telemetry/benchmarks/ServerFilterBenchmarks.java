package io.cello.telemetry.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.http.SemconvMode;
import io.cello.telemetry.propagation.CelloPropagators;
import io.cello.telemetry.propagation.PropagationFormat;
import io.cello.telemetry.requestid.RequestIdWebFilter;
import io.cello.telemetry.server.ExcludedPaths;
import io.cello.telemetry.server.ServerSpanAttributes;
import io.cello.telemetry.server.ServerTracingWebFilter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The per-request work of the server filters, without a network: an exchange through the
 * request-ID filter, the tracing filter, or both, to a handler that only sets the route
 * and completes, against the same handler with no filter. Run with {@code -prof gc} for
 * allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServerFilterBenchmarks {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final PathPattern ROUTE = PathPatternParser.defaultInstance.parse("/users/{id}");

	/** 1.0: every new trace recorded; 0.01: one in a hundred. */
	@Param({ "1.0", "0.01" })
	public double samplingRate;

	/** Whether the request arrives with a (sampled) W3C parent, or starts a trace. */
	@Param({ "true", "false" })
	public boolean withParent;

	private MockServerWebExchange exchange;

	private SdkTracerProvider tracerProvider;

	private ServerTracingWebFilter tracingFilter;

	private RequestIdWebFilter requestIdFilter;

	private final WebFilterChain handler = (exchange) -> {
		exchange.getAttributes().put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
		return Mono.empty();
	};

	@Setup(Level.Trial)
	public void setUp() {
		this.tracerProvider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(this.samplingRate)))
			.addSpanProcessor(new DiscardingProcessor())
			.build();
		Tracer tracer = this.tracerProvider.get("benchmark");
		TextMapPropagator propagator = CelloPropagators.create(List.of(PropagationFormat.W3C)).getTextMapPropagator();
		this.tracingFilter = new ServerTracingWebFilter(tracer, propagator,
				new ExcludedPaths(List.of("/actuator/**")), new ServerSpanAttributes(SemconvMode.CELLO, "bench"));
		this.requestIdFilter = new RequestIdWebFilter("X-Request-ID");
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://127.0.0.1:8080/users/42")
			.header("X-Request-ID", "req-42");
		if (this.withParent) {
			request.header("traceparent", TRACEPARENT);
		}
		// One exchange for every operation, so that only the filters' own work is measured.
		this.exchange = MockServerWebExchange.from(request);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracerProvider.close();
	}

	@Benchmark
	public void untraced(Blackhole blackhole) {
		blackhole.consume(this.handler.filter(this.exchange).block());
	}

	@Benchmark
	public void requestIdOnly(Blackhole blackhole) {
		blackhole.consume(this.requestIdFilter.filter(this.exchange, this.handler).block());
	}

	@Benchmark
	public void tracingOnly(Blackhole blackhole) {
		blackhole.consume(this.tracingFilter.filter(this.exchange, this.handler).block());
	}

	@Benchmark
	public void traced(Blackhole blackhole) {
		blackhole.consume(this.requestIdFilter
			.filter(this.exchange, (afterId) -> this.tracingFilter.filter(afterId, this.handler))
			.block());
	}

	/** Ends spans as an exporter would see them, without exporting. */
	static final class DiscardingProcessor implements SpanProcessor {

		@Override
		public void onStart(io.opentelemetry.context.Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			span.toSpanData();
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
