package io.cello.telemetry.internal.context;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Passes a source's signals on to its subscriber, each with the OpenTelemetry context
 * current that {@link #openScope()} opens. A subclass may also act on each signal first
 * ({@link #signalled}) and replace the values it passes on ({@link #deliverable}).
 *
 * @param <T> the type of values
 */
abstract class ContextDeliveringSubscriber<T> implements CoreSubscriber<T>, Subscription {

	final CoreSubscriber<? super T> actual;

	@SuppressWarnings("NullAway.Init") // set by onSubscribe, the first signal
	private Subscription subscription;

	ContextDeliveringSubscriber(CoreSubscriber<? super T> actual) {
		this.actual = actual;
	}

	/** Makes current the context that a signal goes on in. */
	abstract ContextScope openScope();

	/**
	 * Called with each signal before it goes on: {@code value} for a value, {@code error}
	 * for an error, neither for completion, and {@code cancelled} when the subscriber
	 * cancels. Does nothing unless overridden.
	 */
	void signalled(@Nullable T value, @Nullable Throwable error, boolean cancelled) {
	}

	/** What goes on in place of {@code value}: the value itself, unless overridden. */
	T deliverable(T value) {
		return value;
	}

	@Override
	public reactor.util.context.Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public final void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public final void onNext(T value) {
		signalled(value, null, false);
		T delivered = deliverable(value);
		try (ContextScope scope = openScope()) {
			this.actual.onNext(delivered);
		}
	}

	@Override
	public final void onError(Throwable error) {
		signalled(null, error, false);
		try (ContextScope scope = openScope()) {
			this.actual.onError(error);
		}
	}

	@Override
	public final void onComplete() {
		signalled(null, null, false);
		try (ContextScope scope = openScope()) {
			this.actual.onComplete();
		}
	}

	@Override
	public final void request(long n) {
		this.subscription.request(n);
	}

	@Override
	public final void cancel() {
		this.subscription.cancel();
		signalled(null, null, true);
	}

}
