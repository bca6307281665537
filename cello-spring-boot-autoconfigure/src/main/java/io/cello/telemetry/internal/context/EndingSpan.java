package io.cello.telemetry.internal.context;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The span of one exchange (a request a server answers, a call a client makes), which
 * ends itself when {@link SpanEndingSubscriber} tells it how the exchange ended.
 *
 * @param <T> the type of the value that ends the exchange
 */
public interface EndingSpan<T> {

	/** The Reactor context the exchange runs in, given that of its subscriber. */
	reactor.util.context.Context exchangeContext(reactor.util.context.Context subscriberContext);

	/** The OpenTelemetry context that the exchange's outcome is delivered downstream in. */
	Context deliveryContext();

	/** What goes downstream in place of {@code value}: the value itself, unless overridden. */
	default T deliverable(T value) {
		return value;
	}

	/**
	 * Ends the span, records the exchange's metrics; called once. {@code value} is the
	 * first value, if that is what ended the exchange, {@code error} the failure, and
	 * {@code cancelled} tells that the subscriber went away first.
	 */
	void end(@Nullable T value, @Nullable Throwable error, boolean cancelled);

	/**
	 * Makes {@code context} current while a metric of {@code span}'s exchange is recorded,
	 * if the span is sampled, so that the timer's histogram exemplar links to its trace.
	 */
	static Scope exemplarScope(Span span, Context context) {
		return span.getSpanContext().isSampled() ? context.makeCurrent() : Scope.noop();
	}

}
