package io.cello.telemetry.internal.logging;

import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The logging MDC keys that tie a log line to its request and trace: {@code trace_id},
 * {@code span_id} and {@code request_id}.
 */
public final class CorrelationMdc {

	public static final String TRACE_ID = "trace_id";

	public static final String SPAN_ID = "span_id";

	public static final String REQUEST_ID = "request_id";

	private CorrelationMdc() {
	}

	/**
	 * Puts the trace and span IDs of {@code context}'s span and its request ID, removing
	 * those it has none of.
	 */
	public static void putIds(Context context) {
		putTrace(context);
		put(REQUEST_ID, RequestIds.from(context));
	}

	private static void putTrace(Context context) {
		SpanContext span = Span.fromContext(context).getSpanContext();
		if (span.isValid()) {
			put(TRACE_ID, span.getTraceId());
			put(SPAN_ID, span.getSpanId());
		}
		else {
			put(TRACE_ID, null);
			put(SPAN_ID, null);
		}
	}

	/**
	 * Puts {@code value} under {@code key}, or removes the key when the value is
	 * {@code null}. Context propagation sets the same IDs over and over as a request's
	 * signals cross operators; a read is cheaper than a write, which also makes the MDC
	 * copy its map for the next log event.
	 */
	public static void put(String key, @Nullable String value) {
		String current = MDC.get(key);
		if (value != null) {
			if (!value.equals(current)) {
				MDC.put(key, value);
			}
		}
		else if (current != null) {
			MDC.remove(key);
		}
	}

}
