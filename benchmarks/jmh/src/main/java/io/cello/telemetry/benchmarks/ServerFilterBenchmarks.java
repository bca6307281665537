package io.cello.telemetry.benchmarks;

import java.util.concurrent.TimeUnit;

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

import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request work of the server filters, without a network: an exchange through the
 * request-ID filter, the tracing filter, or both, to a handler that only sets the route
 * and completes, against the same handler with no filter. Every variant builds its own
 * exchange, so their difference is the filters' work. Run with {@code -prof gc} for
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

	/** 1.0: every new trace recorded; 0.01: one in a hundred. */
	@Param({ "1.0", "0.01" })
	public double samplingRate;

	/** Whether the request arrives with a (sampled) W3C parent, or starts a trace. */
	@Param({ "true", "false" })
	public boolean withParent;

	private String traceparent;

	private SdkTracerProvider tracerProvider;

	private ServerFilters filters;

	@Setup(Level.Trial)
	public void setUp() {
		this.tracerProvider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(this.samplingRate)))
			.addSpanProcessor(EndedSpanProcessor.discarding())
			.build();
		this.filters = new ServerFilters(this.tracerProvider.get("benchmark"));
		this.traceparent = this.withParent ? TRACEPARENT : null;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracerProvider.close();
	}

	@Benchmark
	public void untraced(Blackhole blackhole) {
		blackhole.consume(ServerFilters.HANDLER.filter(exchange()).block());
	}

	@Benchmark
	public void requestIdOnly(Blackhole blackhole) {
		blackhole.consume(this.filters.requestId.filter(exchange(), ServerFilters.HANDLER).block());
	}

	@Benchmark
	public void tracingOnly(Blackhole blackhole) {
		blackhole.consume(this.filters.tracing.filter(exchange(), ServerFilters.HANDLER).block());
	}

	@Benchmark
	public void traced(Blackhole blackhole) {
		blackhole.consume(this.filters.traced(exchange()).block());
	}

	/**
	 * A new exchange for every operation, as a server makes one per request: the filters
	 * register work on its response and attributes, which a shared exchange would pile up.
	 */
	private ServerWebExchange exchange() {
		return ServerFilters.exchange(this.traceparent);
	}

}
