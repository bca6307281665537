package io.cello.telemetry.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.sampling.CelloSamplers;
import io.cello.telemetry.internal.sampling.DeferredSamplingSpanProcessor;
import io.cello.telemetry.internal.sampling.SamplingStatistics;
import io.cello.telemetry.internal.sampling.TraceKeepRule;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
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


/**
 * What keeping errors costs a request that ends well: the server filters (request ID and
 * tracing) on a new trace at sampling 0.01 and 0.1, with and without {@code keep-errors}
 * (unsampled, the span recorded, held and discarded at its end), against sampling 1.0 (recorded and handed to
 * the export processor), and sampling 1.0 with {@code keep-errors} (the default: the
 * keeping processor present, a sampled span passing it by).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SamplingBenchmarks {

	@Param({ "ratio-0.01", "ratio-0.01-keep-errors", "ratio-0.1", "ratio-0.1-keep-errors", "ratio-1.0",
			"ratio-1.0-keep-errors" })
	public String sampling;

	private SdkTracerProvider tracerProvider;

	private ServerFilters filters;

	@Setup(Level.Trial)
	public void setUp() {
		boolean keepErrors = this.sampling.endsWith("-keep-errors");
		double ratio = Double.parseDouble(this.sampling.replace("ratio-", "").replace("-keep-errors", ""));
		SamplingStatistics statistics = new SamplingStatistics();
		SpanProcessor export = EndedSpanProcessor.discarding();
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
			.setSampler(CelloSamplers.create(ratio, true, null, keepErrors, statistics))
			.addSpanProcessor(export);
		if (keepErrors) {
			builder.addSpanProcessor(new DeferredSamplingSpanProcessor(new TraceKeepRule(true, null), List.of(export),
					2048, statistics));
		}
		this.tracerProvider = builder.build();
		this.filters = new ServerFilters(this.tracerProvider.get("benchmark"));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracerProvider.close();
	}

	@Benchmark
	public void traced(Blackhole blackhole) {
		// A new exchange for every operation, as in ServerFilterBenchmarks: the filters register
		// work on its response, which a shared exchange would pile up.
		blackhole.consume(this.filters.traced(ServerFilters.exchange(null)).block());
	}

}
