package io.cello.telemetry.internal.server;

import io.cello.telemetry.internal.context.ContextScope;
import io.cello.telemetry.internal.context.EndingSpan;
import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.metrics.ServerRequestMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The SERVER span of one request, from the moment its response pipeline is subscribed to
 * until that pipeline completes, fails or is cancelled: the span, its context (with the
 * request ID), when it started, and the exchange it times. It ends itself, with the
 * request's route, status and sizes, and records the request's metrics.
 * <p>
 * The filter chain runs in its context: the Reactor context it sees carries it (where the
 * {@code WebClient} filter finds its parent, and Reactor's automatic propagation, when it
 * is on, finds what to make current), and what the server does next with the outcome
 * (its own metrics among it) still sees the request's span as current.
 *
 * @param context the request's OpenTelemetry context: its span and, if it has one, its ID
 * @param metrics records {@code http.server.requests}, or {@code null} to leave that to
 * Spring's observations
 */
record ServerRequestSpan(Span span, Context context, String method, long startNanos, ServerWebExchange exchange,
		ServerSpanAttributes attributes, @Nullable ServerRequestMetrics metrics) implements EndingSpan<Void> {

	/** Makes the request's context current, for work that runs on the calling thread. */
	ContextScope makeCurrent() {
		return ContextScope.open(this.context);
	}

	@Override
	public reactor.util.context.Context exchangeContext(reactor.util.context.Context subscriberContext) {
		return subscriberContext.put(OpenTelemetryContextAccessor.KEY, this.context);
	}

	@Override
	public Context deliveryContext() {
		return this.context;
	}

	/**
	 * Ends the span and records the request's metrics; {@code error} is the failure that
	 * left the filter chain, if any, and {@code cancelled} tells that the client went away
	 * before the response was complete.
	 */
	@Override
	public void end(@Nullable Void value, @Nullable Throwable error, boolean cancelled) {
		long durationNanos = System.nanoTime() - this.startNanos;
		int status = cancelled ? -1
				: (error != null) ? ServerSpanAttributes.statusOf(error)
						: ServerSpanAttributes.statusOf(this.exchange.getResponse().getStatusCode());
		PathPattern route = ServerSpanAttributes.routeOf(this.exchange, status);
		if (this.span.isRecording()) {
			this.attributes.onEnd(this.span, this.exchange, this.method, durationNanos, status, route, error);
		}
		this.span.end();
		if (this.metrics != null) {
			ServerHttpRequest request = this.exchange.getRequest();
			try (Scope scope = EndingSpan.exemplarScope(this.span, this.context)) {
				this.metrics.record(request.getMethod(), route, request.getPath().pathWithinApplication().value(),
						status, error, durationNanos);
			}
		}
	}

}
