package io.cello.telemetry.internal.context;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;

/**
 * Sits between an instrumented exchange and its subscriber and tells the exchange's
 * {@link EndingSpan} exactly once how it ended: with its first value or completion, an
 * error, or cancellation. Signals go on downstream with the span's
 * {@link EndingSpan#deliveryContext() delivery context} current and
 * {@link DeliveringContext delivering}, so that whatever the subscriber does
 * synchronously with them (recording a metric, writing a log line) belongs to the right
 * trace.
 *
 * @param <T> the type of values
 */
public final class SpanEndingSubscriber<T> extends ContextDeliveringSubscriber<T> {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<SpanEndingSubscriber> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(SpanEndingSubscriber.class, "ended");

	private final EndingSpan<T> span;

	private final reactor.util.context.Context exchangeContext;

	private volatile int ended;

	public SpanEndingSubscriber(CoreSubscriber<? super T> actual, EndingSpan<T> span) {
		super(actual);
		this.span = span;
		this.exchangeContext = span.exchangeContext(actual.currentContext());
	}

	@Override
	public reactor.util.context.Context currentContext() {
		return this.exchangeContext;
	}

	@Override
	ContextScope openScope() {
		return ContextScope.openDelivering(this.span.deliveryContext());
	}

	/** Ends the span with the first signal, whichever it is. */
	@Override
	void signalled(@Nullable T value, @Nullable Throwable error, boolean cancelled) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.span.end(value, error, cancelled);
		}
	}

	@Override
	T deliverable(T value) {
		return this.span.deliverable(value);
	}

}
