package io.cello.telemetry.internal.server;

import io.cello.telemetry.internal.context.ContextScope;
import io.cello.telemetry.internal.context.DeferredMono;
import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.context.SpanEndingSubscriber;
import io.cello.telemetry.internal.http.HttpMethods;
import io.cello.telemetry.internal.metrics.ServerRequestMetrics;
import io.cello.telemetry.internal.propagation.HttpHeadersGetter;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Creates one SERVER span per request, a child of the trace context in the incoming
 * headers, and makes it the current span for everything the request's handler does: on
 * subscription, while its body arrives, and in the tasks it hands to Reactor's schedulers
 * ({@link io.cello.telemetry.internal.context.SchedulerContextPropagation}). The request's
 * OpenTelemetry context also carries its ID ({@link RequestIds#CONTEXT_KEY}), on excluded
 * paths too.
 * <p>
 * The span is started when the response pipeline is subscribed to and ends itself when
 * it finishes, fails or is cancelled; see {@link ServerRequestSpan}. The response tells
 * the caller the span's trace ({@link TraceResponseHeaders}). Requests to excluded paths
 * pass through untouched.
 */
public final class ServerTracingWebFilter implements WebFilter, Ordered {

	/**
	 * Order of this filter: early, so that other filters' work is inside the span, but
	 * after the request-ID filter, whose ID the span records.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final ExcludedPaths excludedPaths;

	private final ServerSpanAttributes attributes;

	private final @Nullable ServerRequestMetrics metrics;

	private final TraceResponseHeaders responseHeaders;

	public ServerTracingWebFilter(Tracer tracer, TextMapPropagator propagator, ExcludedPaths excludedPaths,
			ServerSpanAttributes attributes) {
		this(tracer, propagator, excludedPaths, attributes, null);
	}

	/**
	 * @param metrics records {@code http.server.requests} for every traced request, or
	 * {@code null} to leave that to Spring's observations
	 */
	public ServerTracingWebFilter(Tracer tracer, TextMapPropagator propagator, ExcludedPaths excludedPaths,
			ServerSpanAttributes attributes, @Nullable ServerRequestMetrics metrics) {
		this(tracer, propagator, excludedPaths, attributes, metrics, new TraceResponseHeaders(true, false));
	}

	/**
	 * @param metrics records {@code http.server.requests} for every traced request, or
	 * {@code null} to leave that to Spring's observations
	 * @param responseHeaders the headers that tell the caller the request's trace
	 */
	public ServerTracingWebFilter(Tracer tracer, TextMapPropagator propagator, ExcludedPaths excludedPaths,
			ServerSpanAttributes attributes, @Nullable ServerRequestMetrics metrics, TraceResponseHeaders responseHeaders) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.excludedPaths = excludedPaths;
		this.attributes = attributes;
		this.metrics = metrics;
		this.responseHeaders = responseHeaders;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.excludedPaths.matches(exchange.getRequest().getPath().pathWithinApplication())) {
			@Nullable String requestId = exchange.getAttribute(RequestIds.EXCHANGE_ATTRIBUTE);
			if (requestId == null) {
				return chain.filter(exchange);
			}
			return new DeferredMono<Void, ServerWebExchange, WebFilterChain, Context>(ServerTracingWebFilter::identified,
					exchange, chain, Context.root().with(RequestIds.CONTEXT_KEY, requestId));
		}
		return new DeferredMono<Void, ServerTracingWebFilter, ServerWebExchange, WebFilterChain>(
				ServerTracingWebFilter::traced, this, exchange, chain);
	}

	/** Starts the request's span; called once per request, on subscription. */
	ServerRequestSpan start(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		Context parent = this.propagator.extract(Context.root(), request.getHeaders(), HttpHeadersGetter.INSTANCE);
		String method = HttpMethods.known(request.getMethod());
		long startNanos = System.nanoTime();
		Span span = this.tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
		@Nullable String requestId = exchange.getAttribute(RequestIds.EXCHANGE_ATTRIBUTE);
		if (span.isRecording()) {
			this.attributes.onStart(span, exchange, method, requestId);
		}
		if (this.responseHeaders.enabled()) {
			this.responseHeaders.writeOnCommit(exchange.getResponse(), span.getSpanContext());
		}
		Context context = parent.with(span);
		if (requestId != null) {
			context = context.with(RequestIds.CONTEXT_KEY, requestId);
		}
		return new ServerRequestSpan(span, context, method, startNanos, exchange, this.attributes, this.metrics);
	}

	/** The filter chain's result, with the request's span around its execution. */
	private void traced(ServerWebExchange exchange, WebFilterChain chain, CoreSubscriber<? super Void> actual) {
		ServerRequestSpan span = start(exchange);
		// Handler code that runs on subscription, and tasks it schedules, see the span.
		try (ContextScope scope = span.makeCurrent()) {
			chain.filter(ContextCarryingRequest.carry(exchange, span.context()))
				.subscribe(new SpanEndingSubscriber<>(actual, span));
		}
	}

	/** The filter chain's result for an excluded path: no span, but the request ID. */
	private static void identified(ServerWebExchange exchange, WebFilterChain chain, Context context,
			CoreSubscriber<? super Void> actual) {
		try (ContextScope scope = ContextScope.open(context)) {
			chain.filter(ContextCarryingRequest.carry(exchange, context))
				.contextWrite((reactorContext) -> reactorContext.put(OpenTelemetryContextAccessor.KEY, context))
				.subscribe(actual);
		}
	}

}
