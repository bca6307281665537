package io.cello.telemetry.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The OTLP export path's CPU per span, without the network: a batch of 512 server spans
 * as Cello's filters record them (request ID, HTTP attributes, a new trace each) turned
 * into an OTLP/protobuf request body, in each of the OTLP exporter's memory modes. The
 * SDK's default, {@code REUSABLE_DATA}, sizes and writes each span from its data with one
 * reused marshaler; {@code IMMUTABLE_DATA} makes a marshaler object per span and
 * attribute. Per span (the batch's time divided by 512); {@code -prof gc} for allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpanMarshalingBenchmarks {

	private static final int BATCH = 512;

	private final List<SpanData> spans = new ArrayList<>();

	private final LowAllocationTraceRequestMarshaler reusable = new LowAllocationTraceRequestMarshaler();

	private final OutputStream body = OutputStream.nullOutputStream();

	@Setup
	public void recordSpans() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault().merge(Resource.builder().put("service.name", "bench").build()))
			.addSpanProcessor(new EndedSpanProcessor(this.spans::add))
			.build()) {
			ServerFilters filters = new ServerFilters(provider.get("io.cello.telemetry"));
			while (this.spans.size() < BATCH) {
				filters.traced(ServerFilters.exchange(null)).block();
			}
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void reusableData() throws IOException {
		this.reusable.initialize(this.spans);
		try {
			this.reusable.writeBinaryTo(this.body);
		}
		finally {
			this.reusable.reset();
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void immutableData() throws IOException {
		TraceRequestMarshaler.create(this.spans).writeBinaryTo(this.body);
	}

}
