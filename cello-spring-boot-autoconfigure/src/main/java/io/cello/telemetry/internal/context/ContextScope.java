package io.cello.telemetry.internal.context;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Makes an OpenTelemetry context current for a stretch of work on the calling thread, with
 * its correlation IDs in the MDC, and restores what was there before on close. Every place
 * where Cello hands a request's context to code that runs on some thread (subscription,
 * delivered signals, scheduled tasks) goes through it.
 */
public final class ContextScope implements AutoCloseable {

	/** Stands for a context that was current already: nothing to make current or undo. */
	private static final ContextScope UNCHANGED = new ContextScope();

	/**
	 * Stands for a scope that delivers nothing, in place of the previous delivering
	 * context (which may be {@code null}); a marker rather than a flag keeps a scope, made
	 * several times per request, one field smaller.
	 */
	private static final Object NOT_DELIVERING = new Object();

	private final @Nullable Scope scope;

	private final @Nullable String previousTraceId;

	private final @Nullable String previousSpanId;

	private final @Nullable String previousRequestId;

	private final @Nullable Object previousDelivering;

	private ContextScope(Context context, boolean delivering) {
		this.previousTraceId = MDC.get(CorrelationMdc.TRACE_ID);
		this.previousSpanId = MDC.get(CorrelationMdc.SPAN_ID);
		this.previousRequestId = MDC.get(CorrelationMdc.REQUEST_ID);
		this.previousDelivering = delivering ? DeliveringContext.set(context) : NOT_DELIVERING;
		this.scope = context.makeCurrent();
		CorrelationMdc.putIds(context);
	}

	private ContextScope() {
		this.scope = null;
		this.previousTraceId = null;
		this.previousSpanId = null;
		this.previousRequestId = null;
		this.previousDelivering = NOT_DELIVERING;
	}

	public static ContextScope open(Context context) {
		return new ContextScope(context, false);
	}

	/**
	 * Like {@link #open(Context)}, for the delivery of an exchange's outcome downstream:
	 * {@code context} is also the {@link DeliveringContext} until the scope is closed.
	 */
	static ContextScope openDelivering(Context context) {
		return new ContextScope(context, true);
	}

	/**
	 * Like {@link #open(Context)}, but does nothing when {@code context} is current
	 * already, as it is on every signal after the first that a request's pipeline
	 * delivers on the same thread.
	 */
	public static ContextScope openUnlessCurrent(Context context) {
		return (Context.current() == context) ? UNCHANGED : new ContextScope(context, false);
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
		if (this.previousDelivering != NOT_DELIVERING) {
			DeliveringContext.restore((Context) this.previousDelivering);
		}
	}

}
