package io.cello.telemetry.client;

import io.cello.telemetry.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.context.SpanEndingSubscriber;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import reactor.core.CoreSubscriber;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Ends a client span when the response arrives, the exchange fails, or the caller
 * cancels. The caller goes on in its own context, not the client span's.
 * <p>
 * The exchange itself (the HTTP client's own operators) sees the caller's Reactor context
 * without the trace context and request ID: the span is started and the headers are
 * written before it runs, so there is nothing for automatic context propagation to make
 * current, or put into the MDC, on each of its signals.
 */
final class ClientSpanSubscriber extends SpanEndingSubscriber<ClientResponse> {

	private final ClientTracingExchangeFilter filter;

	private final ClientRequest request;

	private final Span span;

	private final Context spanContext;

	private final long startNanos;

	private final reactor.util.context.Context exchangeContext;

	private final Context callerContext;

	ClientSpanSubscriber(CoreSubscriber<? super ClientResponse> actual, Context callerContext,
			ClientTracingExchangeFilter filter, ClientRequest request, Span span, Context spanContext,
			long startNanos) {
		super(actual, callerContext);
		this.callerContext = callerContext;
		this.filter = filter;
		this.request = request;
		this.span = span;
		this.spanContext = spanContext;
		this.startNanos = startNanos;
		this.exchangeContext = actual.currentContext()
			.delete(OpenTelemetryContextAccessor.KEY);
	}

	@Override
	public reactor.util.context.Context currentContext() {
		return this.exchangeContext;
	}

	/** The response, what is read from its body delivered in the caller's context. */
	@Override
	protected ClientResponse deliverable(ClientResponse response) {
		if (this.callerContext == Context.root()) {
			return response;
		}
		return new ContextCarryingResponse(response, this.callerContext);
	}

	@Override
	protected void end(ClientResponse response, Throwable error, boolean cancelled) {
		this.filter.end(this.request, this.span, this.spanContext, this.startNanos, response, error);
	}

}
