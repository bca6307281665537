package io.cello.telemetry.context;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.cello.telemetry.logging.RequestLogScope;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Sits between an instrumented publisher and its subscriber and ends a span exactly once:
 * on the first value or completion, on error, or on cancellation. Signals go on
 * downstream with a given OpenTelemetry context current and {@link DeliveringContext
 * delivering}, so that whatever the subscriber does synchronously with them (recording a
 * metric, writing a log line) belongs to the right trace.
 *
 * @param <T> the type of values
 */
public abstract class SpanEndingSubscriber<T> implements CoreSubscriber<T>, Subscription {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<SpanEndingSubscriber> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(SpanEndingSubscriber.class, "ended");

	private final CoreSubscriber<? super T> actual;

	private final Context downstreamContext;

	private Subscription subscription;

	private volatile int ended;

	protected SpanEndingSubscriber(CoreSubscriber<? super T> actual, Context downstreamContext) {
		this.actual = actual;
		this.downstreamContext = downstreamContext;
	}

	/**
	 * Ends the span; called once. {@code value} is the first value, if that is what ended
	 * it, {@code error} the failure, and {@code cancelled} tells that the subscriber went
	 * away first.
	 */
	protected abstract void end(T value, Throwable error, boolean cancelled);

	/** What goes downstream in place of {@code value}: the value itself, unless overridden. */
	protected T deliverable(T value) {
		return value;
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
		endOnce(value, null, false);
		T delivered = deliverable(value);
		try (Scope scope = delivering()) {
			this.actual.onNext(delivered);
		}
	}

	@Override
	public void onError(Throwable error) {
		endOnce(null, error, false);
		try (Scope scope = delivering()) {
			this.actual.onError(error);
		}
	}

	@Override
	public void onComplete() {
		endOnce(null, null, false);
		try (Scope scope = delivering()) {
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

	private Scope delivering() {
		Context previous = DeliveringContext.set(this.downstreamContext);
		RequestLogScope current = RequestLogScope.open(this.downstreamContext);
		return () -> {
			current.close();
			DeliveringContext.restore(previous);
		};
	}

	private void endOnce(T value, Throwable error, boolean cancelled) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			end(value, error, cancelled);
		}
	}

}
