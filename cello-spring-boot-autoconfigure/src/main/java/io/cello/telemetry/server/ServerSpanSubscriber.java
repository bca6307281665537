package io.cello.telemetry.server;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.cello.telemetry.context.OpenTelemetryContextAccessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

import org.springframework.web.server.ServerWebExchange;

/**
 * Sits between the filter chain and the server: carries the request's OpenTelemetry
 * context in the Reactor context (so handler code on any thread sees the span) and ends
 * the span exactly once, on completion, error or cancellation.
 */
final class ServerSpanSubscriber implements CoreSubscriber<Void>, Subscription {

	private static final AtomicIntegerFieldUpdater<ServerSpanSubscriber> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(ServerSpanSubscriber.class, "ended");

	private final CoreSubscriber<? super Void> actual;

	private final reactor.util.context.Context reactorContext;

	private final Context otelContext;

	private final Span span;

	private final String method;

	private final long startNanos;

	private final ServerWebExchange exchange;

	private final ServerTracingWebFilter filter;

	private Subscription subscription;

	private volatile int ended;

	ServerSpanSubscriber(CoreSubscriber<? super Void> actual, Context otelContext, Span span, String method,
			long startNanos, ServerWebExchange exchange, ServerTracingWebFilter filter) {
		this.actual = actual;
		this.reactorContext = actual.currentContext().put(OpenTelemetryContextAccessor.KEY, otelContext);
		this.otelContext = otelContext;
		this.span = span;
		this.method = method;
		this.startNanos = startNanos;
		this.exchange = exchange;
		this.filter = filter;
	}

	Context otelContext() {
		return this.otelContext;
	}

	@Override
	public reactor.util.context.Context currentContext() {
		return this.reactorContext;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(Void value) {
		// A Mono<Void> emits no values.
	}

	@Override
	public void onError(Throwable error) {
		end(error, false);
		this.actual.onError(error);
	}

	@Override
	public void onComplete() {
		end(null, false);
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		this.subscription.request(n);
	}

	@Override
	public void cancel() {
		this.subscription.cancel();
		end(null, true);
	}

	private void end(Throwable error, boolean cancelled) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.filter.end(this.span, this.exchange, this.method, this.startNanos, error, cancelled);
		}
	}

}
