package io.cello.telemetry.client;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.opentelemetry.api.trace.Span;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Ends a client span exactly once: when the response arrives, the exchange fails, or the
 * caller cancels.
 */
final class ClientSpanSubscriber implements CoreSubscriber<ClientResponse>, Subscription {

	private static final AtomicIntegerFieldUpdater<ClientSpanSubscriber> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(ClientSpanSubscriber.class, "ended");

	private final CoreSubscriber<? super ClientResponse> actual;

	private final Span span;

	private final ClientSpanAttributes attributes;

	private Subscription subscription;

	private volatile int ended;

	ClientSpanSubscriber(CoreSubscriber<? super ClientResponse> actual, Span span, ClientSpanAttributes attributes) {
		this.actual = actual;
		this.span = span;
		this.attributes = attributes;
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
	public void onNext(ClientResponse response) {
		end(response, null);
		this.actual.onNext(response);
	}

	@Override
	public void onError(Throwable error) {
		end(null, error);
		this.actual.onError(error);
	}

	@Override
	public void onComplete() {
		end(null, null);
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		this.subscription.request(n);
	}

	@Override
	public void cancel() {
		this.subscription.cancel();
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.span.end();
		}
	}

	private void end(ClientResponse response, Throwable error) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			if (this.span.isRecording() && (response != null || error != null)) {
				this.attributes.onEnd(this.span, response, error);
			}
			this.span.end();
		}
	}

}
