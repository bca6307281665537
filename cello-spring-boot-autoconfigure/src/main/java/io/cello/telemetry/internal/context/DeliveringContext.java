package io.cello.telemetry.internal.context;

import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The trace context of the span whose outcome is being delivered on this thread, for the
 * time of the delivery ({@link ContextScope#openDelivering(Context)}).
 * <p>
 * Spring's observation of a request (when it, not Cello, times requests) stops while the
 * response pipeline's completion travels downstream of the filter chain, in operators
 * whose Reactor context does not hold the request's trace context. With Reactor's
 * automatic context propagation on, those operators make the root context current, so no
 * span is current there. The timer's exemplar still belongs to the request's trace, and
 * finds it here.
 */
public final class DeliveringContext {

	private static final ThreadLocal<Context> current = new ThreadLocal<>();

	private DeliveringContext() {
	}

	/** The context being delivered on this thread, or {@code null}. */
	public static @Nullable Context get() {
		return current.get();
	}

	static @Nullable Context set(Context context) {
		Context previous = current.get();
		current.set(context);
		return previous;
	}

	static void restore(@Nullable Context previous) {
		if (previous != null) {
			current.set(previous);
		}
		else {
			current.remove();
		}
	}

}
