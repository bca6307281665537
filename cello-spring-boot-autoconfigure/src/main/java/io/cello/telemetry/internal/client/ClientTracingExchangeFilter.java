package io.cello.telemetry.internal.client;

import io.cello.telemetry.internal.context.DeferredMono;
import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.context.SpanEndingSubscriber;
import io.cello.telemetry.internal.http.HttpMethods;
import io.cello.telemetry.internal.metrics.ClientRequestMetrics;
import io.cello.telemetry.internal.propagation.HttpHeadersSetter;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Creates one CLIENT span per WebClient exchange, a child of the caller's current span,
 * and injects its context (every configured propagation format) and the request ID into
 * the outgoing headers. The span ends itself when the response arrives, the exchange
 * fails, or the caller cancels; see {@link ClientExchangeSpan}.
 */
public final class ClientTracingExchangeFilter implements ExchangeFilterFunction {

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final ClientSpanAttributes attributes;

	private final @Nullable String requestIdHeader;

	private final @Nullable ClientRequestMetrics metrics;

	/**
	 * @param requestIdHeader the header that forwards the request ID, or {@code null} to
	 * forward none
	 */
	public ClientTracingExchangeFilter(Tracer tracer, TextMapPropagator propagator, ClientSpanAttributes attributes,
			@Nullable String requestIdHeader) {
		this(tracer, propagator, attributes, requestIdHeader, null);
	}

	/**
	 * @param requestIdHeader the header that forwards the request ID, or {@code null} to
	 * forward none
	 * @param metrics records {@code http.client.requests} for every exchange, or
	 * {@code null} to leave that to Spring's observations
	 */
	public ClientTracingExchangeFilter(Tracer tracer, TextMapPropagator propagator, ClientSpanAttributes attributes,
			@Nullable String requestIdHeader, @Nullable ClientRequestMetrics metrics) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.attributes = attributes;
		this.requestIdHeader = requestIdHeader;
		this.metrics = metrics;
	}

	/** The exchange, with its client span around it; all work happens on subscription. */
	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return new DeferredMono<ClientResponse, ClientTracingExchangeFilter, ClientRequest, ExchangeFunction>(
				ClientTracingExchangeFilter::exchange, this, request, next);
	}

	private void exchange(ClientRequest request, ExchangeFunction next, CoreSubscriber<? super ClientResponse> actual) {
		reactor.util.context.Context reactorContext = actual.currentContext();
		Context parent = reactorContext.getOrDefault(OpenTelemetryContextAccessor.KEY, null);
		if (parent == null) {
			parent = Context.current();
		}
		String method = HttpMethods.known(request.method());
		long startNanos = System.nanoTime();
		Span span = this.tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT).setParent(parent).startSpan();
		@Nullable String requestId = RequestIds.from(parent);
		if (span.isRecording()) {
			this.attributes.onStart(span, request, method, requestId);
		}
		Context context = parent.with(span);
		ClientRequest traced = ClientRequest.from(request).headers((headers) -> {
			this.propagator.inject(context, headers, HttpHeadersSetter.INSTANCE);
			if (requestId != null && this.requestIdHeader != null && !headers.containsHeader(this.requestIdHeader)) {
				headers.set(this.requestIdHeader, requestId);
			}
		}).build();
		ClientExchangeSpan exchangeSpan = new ClientExchangeSpan(span, context, parent, startNanos, traced,
				this.attributes, this.metrics);
		Mono<ClientResponse> exchange;
		try {
			exchange = next.exchange(traced);
		}
		catch (RuntimeException ex) {
			exchangeSpan.end(null, ex, false);
			throw ex;
		}
		exchange.subscribe(new SpanEndingSubscriber<>(actual, exchangeSpan));
	}

}
