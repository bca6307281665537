package io.cello.telemetry.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.client.ClientSpanAttributes;
import io.cello.telemetry.internal.client.ClientTracingExchangeFilter;
import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.propagation.CelloPropagators;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The per-exchange work of the filter Cello's {@code WebClient} customizer adds, without a
 * network: a request made inside a traced server request (its context and request ID in
 * the Reactor context) through the tracing filter to an exchange that answers at once
 * with a small body, which the caller reads, against the same exchange with no filter.
 * Run with {@code -prof gc} for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientFilterBenchmarks {

	/** Whether the calling request's trace is sampled. */
	@Param({ "true", "false" })
	public boolean sampledParent;

	/** The propagation formats injected into every request. */
	@Param({ "W3C", "W3C,B3,JAEGER" })
	public String propagation;

	private final ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://127.0.0.1:8080/hello"))
		.build();

	private final ExchangeFunction exchange = (request) -> Mono.just(ClientResponse.create(HttpStatus.OK)
		.header(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_PLAIN_VALUE)
		.header(HttpHeaders.CONTENT_LENGTH, "20")
		.header("X-Request-ID", "req-42")
		.body("{\"greeting\":\"hello\"}")
		.build());

	private SdkTracerProvider tracerProvider;

	private ClientTracingExchangeFilter filter;

	private reactor.util.context.Context callerContext;

	@Setup(Level.Trial)
	public void setUp() {
		this.tracerProvider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.alwaysOn()))
			.addSpanProcessor(EndedSpanProcessor.discarding())
			.build();
		List<PropagationFormat> formats = java.util.Arrays.stream(this.propagation.split(","))
			.map(PropagationFormat::valueOf)
			.toList();
		this.filter = new ClientTracingExchangeFilter(this.tracerProvider.get("benchmark"),
				CelloPropagators.create(formats).getTextMapPropagator(), new ClientSpanAttributes(SemconvMode.CELLO),
				"X-Request-ID");
		SpanContext caller = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
				this.sampledParent ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
		this.callerContext = reactor.util.context.Context.of(OpenTelemetryContextAccessor.KEY,
				Context.root().with(Span.wrap(caller)).with(RequestIds.CONTEXT_KEY, "req-42"));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracerProvider.close();
	}

	@Benchmark
	public void untraced(Blackhole blackhole) {
		blackhole.consume(this.exchange.exchange(this.request)
			.flatMap(ClientFilterBenchmarks::body)
			.contextWrite(this.callerContext)
			.block());
	}

	@Benchmark
	public void traced(Blackhole blackhole) {
		blackhole.consume(this.filter.filter(this.request, this.exchange)
			.flatMap(ClientFilterBenchmarks::body)
			.contextWrite(this.callerContext)
			.block());
	}

	private static Mono<String> body(ClientResponse response) {
		return response.bodyToMono(String.class);
	}

}
