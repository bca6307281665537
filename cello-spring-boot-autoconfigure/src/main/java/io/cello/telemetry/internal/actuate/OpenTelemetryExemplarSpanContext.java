package io.cello.telemetry.internal.actuate;

import io.cello.telemetry.internal.context.DeliveringContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Gives Prometheus histogram exemplars the trace of the current OpenTelemetry span, or of
 * the request completing on this thread ({@link DeliveringContext}), when it is sampled.
 */
public final class OpenTelemetryExemplarSpanContext implements SpanContext {

	@Override
	public @Nullable String getCurrentTraceId() {
		io.opentelemetry.api.trace.SpanContext current = current();
		return current.isValid() ? current.getTraceId() : null;
	}

	@Override
	public @Nullable String getCurrentSpanId() {
		io.opentelemetry.api.trace.SpanContext current = current();
		return current.isValid() ? current.getSpanId() : null;
	}

	@Override
	public boolean isCurrentSpanSampled() {
		return current().isSampled();
	}

	/** The current span, else the span whose request is completing on this thread. */
	private static io.opentelemetry.api.trace.SpanContext current() {
		io.opentelemetry.api.trace.SpanContext current = Span.current().getSpanContext();
		if (current.isValid()) {
			return current;
		}
		Context delivering = DeliveringContext.get();
		return (delivering != null) ? Span.fromContext(delivering).getSpanContext() : current;
	}

	@Override
	public void markCurrentSpanAsExemplar() {
	}

}
