package io.cello.telemetry.benchmarks;

import java.util.function.Consumer;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Hands each ended span's data, as an exporter would see it, to a consumer; exports nothing. */
final class EndedSpanProcessor implements SpanProcessor {

	private final Consumer<SpanData> consumer;

	EndedSpanProcessor(Consumer<SpanData> consumer) {
		this.consumer = consumer;
	}

	/** Takes each span's data and drops it. */
	static EndedSpanProcessor discarding() {
		return new EndedSpanProcessor((data) -> {
		});
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.consumer.accept(span.toSpanData());
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
