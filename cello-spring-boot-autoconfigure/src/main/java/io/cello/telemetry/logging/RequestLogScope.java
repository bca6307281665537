package io.cello.telemetry.logging;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Makes a request's trace context current, with its correlation IDs in the MDC, for code
 * that runs directly on the calling thread, and restores what was there before on close.
 */
public final class RequestLogScope implements AutoCloseable {

	/** Stands for a context that was current already: nothing to make current or undo. */
	private static final RequestLogScope UNCHANGED = new RequestLogScope();

	private final Scope scope;

	private final String previousTraceId;

	private final String previousSpanId;

	private final String previousRequestId;

	private RequestLogScope(Context context) {
		this.previousTraceId = MDC.get(CorrelationMdc.TRACE_ID);
		this.previousSpanId = MDC.get(CorrelationMdc.SPAN_ID);
		this.previousRequestId = MDC.get(CorrelationMdc.REQUEST_ID);
		this.scope = context.makeCurrent();
		CorrelationMdc.putIds(context);
	}

	private RequestLogScope() {
		this.scope = null;
		this.previousTraceId = null;
		this.previousSpanId = null;
		this.previousRequestId = null;
	}

	public static RequestLogScope open(Context context) {
		return new RequestLogScope(context);
	}

	/**
	 * Like {@link #open(Context)}, but does nothing when {@code context} is current
	 * already, as it is on every signal after the first that a request's pipeline
	 * delivers on the same thread.
	 */
	public static RequestLogScope openUnlessCurrent(Context context) {
		return (Context.current() == context) ? UNCHANGED : new RequestLogScope(context);
	}

	@Override
	public void close() {
		if (this.scope == null) {
			return;
		}
		this.scope.close();
		CorrelationMdc.put(CorrelationMdc.TRACE_ID, this.previousTraceId);
		CorrelationMdc.put(CorrelationMdc.SPAN_ID, this.previousSpanId);
		CorrelationMdc.put(CorrelationMdc.REQUEST_ID, this.previousRequestId);
	}

}
