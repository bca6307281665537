package io.cello.telemetry.server;

import io.cello.telemetry.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.http.HttpMethods;
import io.cello.telemetry.logging.RequestLogScope;
import io.cello.telemetry.metrics.ServerRequestMetrics;
import io.cello.telemetry.propagation.HttpHeadersGetter;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Creates one SERVER span per request, a child of the trace context in the incoming
 * headers, and makes it the current span for everything the request's handler does: on
 * subscription, while its body arrives, and in the tasks it hands to Reactor's schedulers
 * ({@link io.cello.telemetry.context.SchedulerContextPropagation}). The request's
 * OpenTelemetry context also carries its ID ({@link RequestIds#CONTEXT_KEY}), on excluded
 * paths too.
 * <p>
 * The span is started when the response pipeline is subscribed to and ended when it
 * finishes, fails or is cancelled; see {@link ServerSpanSubscriber}. The response tells
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

	private final ServerRequestMetrics metrics;

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
			ServerSpanAttributes attributes, ServerRequestMetrics metrics) {
		this(tracer, propagator, excludedPaths, attributes, metrics, new TraceResponseHeaders(true, false));
	}

	/**
	 * @param metrics records {@code http.server.requests} for every traced request, or
	 * {@code null} to leave that to Spring's observations
	 * @param responseHeaders the headers that tell the caller the request's trace
	 */
	public ServerTracingWebFilter(Tracer tracer, TextMapPropagator propagator, ExcludedPaths excludedPaths,
			ServerSpanAttributes attributes, ServerRequestMetrics metrics, TraceResponseHeaders responseHeaders) {
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
			String requestId = exchange.getAttribute(RequestIds.EXCHANGE_ATTRIBUTE);
			if (requestId == null) {
				return chain.filter(exchange);
			}
			return new IdentifiedExchange(exchange, chain, Context.root().with(RequestIds.CONTEXT_KEY, requestId));
		}
		return new TracedExchange(exchange, chain, this);
	}

	/** Starts the request's span; called once per request, on subscription. */
	ServerSpanSubscriber start(ServerWebExchange exchange, CoreSubscriber<? super Void> actual) {
		ServerHttpRequest request = exchange.getRequest();
		Context parent = this.propagator.extract(Context.root(), request.getHeaders(), HttpHeadersGetter.INSTANCE);
		String method = HttpMethods.known(request.getMethod());
		long startNanos = System.nanoTime();
		Span span = this.tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
		String requestId = exchange.getAttribute(RequestIds.EXCHANGE_ATTRIBUTE);
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
		return new ServerSpanSubscriber(actual, context, span, method, startNanos, exchange, this);
	}

	/**
	 * Ends the request's span and records its metrics; {@code error} is the failure that
	 * left the filter chain, if any, and {@code cancelled} tells that the client went away
	 * before the response was complete.
	 */
	void end(Span span, Context context, ServerWebExchange exchange, String method, long startNanos,
			Throwable error, boolean cancelled) {
		long durationNanos = System.nanoTime() - startNanos;
		int status = cancelled ? -1
				: (error != null) ? ServerSpanAttributes.statusOf(error)
						: ServerSpanAttributes.statusOf(exchange.getResponse().getStatusCode());
		PathPattern route = ServerSpanAttributes.routeOf(exchange, status);
		if (span.isRecording()) {
			this.attributes.onEnd(span, exchange, method, durationNanos, status, route, error);
		}
		span.end();
		if (this.metrics != null) {
			ServerHttpRequest request = exchange.getRequest();
			// A sampled span current, so that the timer's histogram exemplar links to its trace.
			try (Scope scope = span.getSpanContext().isSampled() ? context.makeCurrent() : Scope.noop()) {
				this.metrics.record(request.getMethod(), route, request.getPath().pathWithinApplication().value(),
						status, error, durationNanos);
			}
		}
	}

	/** The filter chain's result, with the request's span around its execution. */
	private static final class TracedExchange extends Mono<Void> {

		private final ServerWebExchange exchange;

		private final WebFilterChain chain;

		private final ServerTracingWebFilter filter;

		TracedExchange(ServerWebExchange exchange, WebFilterChain chain, ServerTracingWebFilter filter) {
			this.exchange = exchange;
			this.chain = chain;
			this.filter = filter;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			ServerSpanSubscriber subscriber = this.filter.start(this.exchange, actual);
			Context context = subscriber.otelContext();
			// Handler code that runs on subscription, and tasks it schedules, see the span.
			try (RequestLogScope scope = RequestLogScope.open(context)) {
				this.chain.filter(ContextCarryingRequest.carry(this.exchange, context)).subscribe(subscriber);
			}
		}

	}

	/** The filter chain's result for an excluded path: no span, but the request ID. */
	private static final class IdentifiedExchange extends Mono<Void> {

		private final ServerWebExchange exchange;

		private final WebFilterChain chain;

		private final Context context;

		IdentifiedExchange(ServerWebExchange exchange, WebFilterChain chain, Context context) {
			this.exchange = exchange;
			this.chain = chain;
			this.context = context;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			try (RequestLogScope scope = RequestLogScope.open(this.context)) {
				this.chain.filter(ContextCarryingRequest.carry(this.exchange, this.context))
					.contextWrite((reactorContext) -> reactorContext.put(OpenTelemetryContextAccessor.KEY, this.context))
					.subscribe(actual);
			}
		}

	}

}
