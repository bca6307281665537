package io.cello.telemetry.internal.client;

import io.cello.telemetry.internal.context.EndingSpan;
import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.metrics.ClientRequestMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * The CLIENT span of one {@code WebClient} exchange, from the moment the exchange is
 * subscribed to until the response arrives, the exchange fails, or the caller cancels:
 * the span, its context, the caller's context, when it started, and the request it
 * times. It ends itself, with the response's status, and records the exchange's metrics.
 * <p>
 * The caller goes on in its own context, not the client span's. The exchange itself (the
 * HTTP client's own operators) sees the caller's Reactor context without the trace
 * context and request ID: the span is started and the headers are written before it
 * runs, so there is nothing for automatic context propagation to make current, or put
 * into the MDC, on each of its signals.
 *
 * @param metrics records {@code http.client.requests}, or {@code null} to leave that to
 * Spring's observations
 */
record ClientExchangeSpan(Span span, Context context, Context callerContext, long startNanos, ClientRequest request,
		ClientSpanAttributes attributes, @Nullable ClientRequestMetrics metrics) implements EndingSpan<ClientResponse> {

	@Override
	public reactor.util.context.Context exchangeContext(reactor.util.context.Context subscriberContext) {
		return subscriberContext.delete(OpenTelemetryContextAccessor.KEY);
	}

	@Override
	public Context deliveryContext() {
		return this.callerContext;
	}

	/** The response, what is read from its body delivered in the caller's context. */
	@Override
	public ClientResponse deliverable(ClientResponse response) {
		if (this.callerContext == Context.root()) {
			return response;
		}
		return new ContextCarryingResponse(response, this.callerContext);
	}

	/** Ends the span and records the exchange's metrics. */
	@Override
	public void end(@Nullable ClientResponse response, @Nullable Throwable error, boolean cancelled) {
		long durationNanos = System.nanoTime() - this.startNanos;
		if (this.span.isRecording() && (response != null || error != null)) {
			this.attributes.onEnd(this.span, response, error);
		}
		this.span.end();
		if (this.metrics != null) {
			int status = (response != null) ? response.statusCode().value() : -1;
			try (Scope scope = EndingSpan.exemplarScope(this.span, this.context)) {
				this.metrics.record(this.request, status, error, durationNanos);
			}
		}
	}

}
