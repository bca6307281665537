package io.cello.telemetry.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracer whose spans are kept in memory as they end, and a meter registry, for tests of
 * the units that end spans and record their metrics without an application.
 */
public final class InMemoryTelemetry implements AutoCloseable {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	public Tracer tracer() {
		return this.tracerProvider.get("test");
	}

	public SimpleMeterRegistry registry() {
		return this.registry;
	}

	/** The one span ended so far, asserting that there is exactly one. */
	public SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	/**
	 * The count of the timer {@code name} with {@code tags}, asserting that it is the only
	 * timer of that name.
	 */
	public long onlyTimerCount(String name, String... tags) {
		assertThat(this.registry.find(name).timers()).hasSize(1);
		return this.registry.get(name).tags(tags).timer().count();
	}

	@Override
	public void close() {
		this.tracerProvider.close();
	}

}
