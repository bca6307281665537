package io.cello.telemetry.server;

import io.cello.telemetry.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.context.SpanEndingSubscriber;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import reactor.core.CoreSubscriber;

import org.springframework.web.server.ServerWebExchange;

/**
 * Sits between the filter chain and the server: carries the request's OpenTelemetry
 * context in the Reactor context (where the {@code WebClient} filter finds its parent,
 * and Reactor's automatic propagation, when it is on, finds what to make current) and
 * ends the span when the chain completes, fails or is cancelled. What the server does next
 * with the outcome (its own metrics among it) still sees the request's span as current.
 */
final class ServerSpanSubscriber extends SpanEndingSubscriber<Void> {

	private final reactor.util.context.Context reactorContext;

	private final Context otelContext;

	private final Span span;

	private final String method;

	private final long startNanos;

	private final ServerWebExchange exchange;

	private final ServerTracingWebFilter filter;

	ServerSpanSubscriber(CoreSubscriber<? super Void> actual, Context otelContext, Span span, String method,
			long startNanos, ServerWebExchange exchange, ServerTracingWebFilter filter) {
		super(actual, otelContext);
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
	protected void end(Void value, Throwable error, boolean cancelled) {
		this.filter.end(this.span, this.otelContext, this.exchange, this.method, this.startNanos, error, cancelled);
	}

}
