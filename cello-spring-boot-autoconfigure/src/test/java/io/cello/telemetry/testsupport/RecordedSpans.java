package io.cello.telemetry.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every span the application ends, in memory, as soon as it ends. Registered as a
 * {@link SpanProcessor} bean, which Cello's tracer provider picks up beside its own.
 */
public final class RecordedSpans {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	public SpanProcessor processor() {
		return SimpleSpanProcessor.create(this.exporter);
	}

	public List<SpanData> all() {
		return this.exporter.getFinishedSpanItems();
	}

	public void reset() {
		this.exporter.reset();
	}

	/** Waits until {@code count} spans match, and returns them. */
	public List<SpanData> await(int count, Predicate<SpanData> filter) {
		return Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> all().stream().filter(filter).toList(), (spans) -> spans.size() >= count);
	}

	/** An assertion that a span's name and attribute values do not contain {@code text}. */
	public static Consumer<SpanData> without(String text) {
		return (span) -> {
			assertThat(span.getName()).doesNotContain(text);
			assertThat(span.getAttributes().asMap().values()).noneMatch((value) -> value.toString().contains(text));
		};
	}

	/** Waits for the one server span whose http.url is {@code path}. */
	public SpanData serverSpan(String path) {
		List<SpanData> spans = await(1, (span) -> span.getKind() == SpanKind.SERVER
				&& path.equals(span.getAttributes().get(io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL)));
		return spans.get(0);
	}

	/**
	 * Waits for the span named {@code name} and checks that it is a child of the server span
	 * of {@code path}, the only server span recorded.
	 */
	public SpanData childOfTheOnlyServerSpan(String path, String name) {
		SpanData server = serverSpan(path);
		SpanData child = await(1, (span) -> span.getName().equals(name)).get(0);
		assertThat(child.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(child.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(all()).filteredOn((span) -> span.getKind() == SpanKind.SERVER).hasSize(1);
		return child;
	}

}
