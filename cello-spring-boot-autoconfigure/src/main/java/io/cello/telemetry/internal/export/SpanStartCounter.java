package io.cello.telemetry.internal.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts the spans that start recording.
 */
public final class SpanStartCounter implements SpanProcessor {

	private final ExportStatistics statistics;

	public SpanStartCounter(ExportStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.statistics.spanStarted();
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

}
