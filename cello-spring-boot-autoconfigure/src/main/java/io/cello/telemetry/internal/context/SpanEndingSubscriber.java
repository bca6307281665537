package io.cello.telemetry.internal.context;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
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
public final class SpanEndingSubscriber<T> implements CoreSubscriber<T>, Subscription {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<SpanEndingSubscriber> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(SpanEndingSubscriber.class, "ended");

	private final CoreSubscriber<? super T> actual;

	private final EndingSpan<T> span;

	private final reactor.util.context.Context exchangeContext;

	@SuppressWarnings("NullAway.Init") // set by onSubscribe, the first signal
	private Subscription subscription;

	private volatile int ended;

	public SpanEndingSubscriber(CoreSubscriber<? super T> actual, EndingSpan<T> span) {
		this.actual = actual;
		this.span = span;
		this.exchangeContext = span.exchangeContext(actual.currentContext());
	}

	@Override
	public reactor.util.context.Context currentContext() {
		return this.exchangeContext;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(T value) {
		endOnce(value, null, false);
		T delivered = this.span.deliverable(value);
		try (ContextScope scope = ContextScope.openDelivering(this.span.deliveryContext())) {
			this.actual.onNext(delivered);
		}
	}

	@Override
	public void onError(Throwable error) {
		endOnce(null, error, false);
		try (ContextScope scope = ContextScope.openDelivering(this.span.deliveryContext())) {
			this.actual.onError(error);
		}
	}

	@Override
	public void onComplete() {
		endOnce(null, null, false);
		try (ContextScope scope = ContextScope.openDelivering(this.span.deliveryContext())) {
			this.actual.onComplete();
		}
	}

	@Override
	public void request(long n) {
		this.subscription.request(n);
	}

	@Override
	public void cancel() {
		this.subscription.cancel();
		endOnce(null, null, true);
	}

	private void endOnce(@Nullable T value, @Nullable Throwable error, boolean cancelled) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.span.end(value, error, cancelled);
		}
	}

}
