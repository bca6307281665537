package io.cello.telemetry.context;

import io.cello.telemetry.logging.RequestLogScope;
import io.opentelemetry.context.Context;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Passes each signal on with a given OpenTelemetry context current and its IDs in the
 * MDC, unless that context is current already.
 *
 * @param <T> the type of values
 */
final class ContextRestoringSubscriber<T> implements CoreSubscriber<T>, Subscription {

	private final CoreSubscriber<? super T> actual;

	private final Context context;

	private Subscription subscription;

	ContextRestoringSubscriber(CoreSubscriber<? super T> actual, Context context) {
		this.actual = actual;
		this.context = context;
	}

	@Override
	public reactor.util.context.Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(T value) {
		try (RequestLogScope scope = RequestLogScope.openUnlessCurrent(this.context)) {
			this.actual.onNext(value);
		}
	}

	@Override
	public void onError(Throwable error) {
		try (RequestLogScope scope = RequestLogScope.openUnlessCurrent(this.context)) {
			this.actual.onError(error);
		}
	}

	@Override
	public void onComplete() {
		try (RequestLogScope scope = RequestLogScope.openUnlessCurrent(this.context)) {
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
	}

}
