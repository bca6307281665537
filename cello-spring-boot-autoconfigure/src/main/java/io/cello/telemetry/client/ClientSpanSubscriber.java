package io.cello.telemetry.client;

import io.cello.telemetry.context.SpanEndingSubscriber;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import reactor.core.CoreSubscriber;

import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Ends a client span when the response arrives, the exchange fails, or the caller
 * cancels. The caller goes on in its own context, not the client span's.
 */
final class ClientSpanSubscriber extends SpanEndingSubscriber<ClientResponse> {

	private final Span span;

	private final ClientSpanAttributes attributes;

	ClientSpanSubscriber(CoreSubscriber<? super ClientResponse> actual, Context callerContext, Span span,
			ClientSpanAttributes attributes) {
		super(actual, callerContext);
		this.span = span;
		this.attributes = attributes;
	}

	@Override
	protected void end(ClientResponse response, Throwable error, boolean cancelled) {
		if (this.span.isRecording() && (response != null || error != null)) {
			this.attributes.onEnd(this.span, response, error);
		}
		this.span.end();
	}

}
