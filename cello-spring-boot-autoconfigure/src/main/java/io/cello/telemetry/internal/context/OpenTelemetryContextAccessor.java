package io.cello.telemetry.internal.context;

import java.util.ArrayDeque;

import io.micrometer.context.ThreadLocalAccessor;
import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Lets Reactor's context propagation carry the OpenTelemetry {@link Context} of a request
 * wherever Reactor restores thread locals: in {@code handle} and {@code tap}, and, when
 * the application turns on automatic propagation
 * ({@code spring.reactor.context-propagation=auto}), at every signal of a publisher that
 * is not Reactor's own. Whatever Reactor context holds {@link #KEY} is made current on the
 * thread that runs the operator, and the previous context is restored afterwards. Cello's
 * own boundaries ({@link SchedulerContextPropagation}, {@link ContextRestoring}) cover
 * a request without it.
 * <p>
 * The trace, span and request IDs follow into the logging MDC ({@link CorrelationMdc}):
 * wherever Cello makes a context current, the MDC holds its IDs.
 * <p>
 * OpenTelemetry contexts are made current through scopes that must be closed in reverse
 * order; Reactor's set/restore calls nest per thread, so a per-thread stack of scopes
 * matches them exactly.
 */
public final class OpenTelemetryContextAccessor implements ThreadLocalAccessor<Context> {

	/** The Reactor context key under which the request's OpenTelemetry context travels. */
	public static final String KEY = "cello.opentelemetry.context";

	private static final ThreadLocal<ArrayDeque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

	/**
	 * Stands in the stack for a context that was current already. Reactor sets and
	 * restores at every boundary a request's signals cross, mostly with the context that
	 * the enclosing boundary made current on the same thread; those need no new scope and
	 * no MDC writes.
	 */
	private static final Scope UNCHANGED = () -> {
	};

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Context getValue() {
		Context current = Context.current();
		return (current != Context.root()) ? current : null;
	}

	@Override
	public void setValue(Context value) {
		makeCurrent(value);
	}

	@Override
	public void setValue() {
		makeCurrent(Context.root());
	}

	@Override
	public void restore(Context previousValue) {
		closeLatest();
	}

	@Override
	public void restore() {
		closeLatest();
	}

	private static void makeCurrent(Context context) {
		if (context == Context.current()) {
			scopes.get().push(UNCHANGED);
			return;
		}
		scopes.get().push(context.makeCurrent());
		CorrelationMdc.putIds(context);
	}

	private static void closeLatest() {
		Scope scope = scopes.get().poll();
		if (scope == UNCHANGED) {
			return;
		}
		if (scope != null) {
			scope.close();
		}
		CorrelationMdc.putIds(Context.current());
	}

}
