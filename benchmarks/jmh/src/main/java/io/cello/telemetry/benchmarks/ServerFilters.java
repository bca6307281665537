package io.cello.telemetry.benchmarks;

import java.util.List;

import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.propagation.CelloPropagators;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import io.cello.telemetry.internal.requestid.RequestIdWebFilter;
import io.cello.telemetry.internal.server.ExcludedPaths;
import io.cello.telemetry.internal.server.ServerSpanAttributes;
import io.cello.telemetry.internal.server.ServerTracingWebFilter;
import io.opentelemetry.api.trace.Tracer;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The server filters as the starter sets them up, a handler that does nothing but set the
 * route, and the request they all see.
 */
final class ServerFilters {

	private static final PathPattern ROUTE = PathPatternParser.defaultInstance.parse("/users/{id}");

	/*
	 * Shared, as a server shares them: MockServerWebExchange.from(request) makes a codec
	 * configurer, with its encoders and decoders, for every exchange, some 18 KB and
	 * several microseconds that would swamp what the filters cost.
	 */
	private static final ServerCodecConfigurer CODECS = ServerCodecConfigurer.create();

	private static final WebSessionManager SESSIONS = new DefaultWebSessionManager();

	private static final LocaleContextResolver LOCALES = new AcceptHeaderLocaleContextResolver();

	/** Sets the matched route, as a handler mapping would, and completes. */
	static final WebFilterChain HANDLER = (exchange) -> {
		exchange.getAttributes().put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
		return Mono.empty();
	};

	final ServerTracingWebFilter tracing;

	final RequestIdWebFilter requestId = new RequestIdWebFilter("X-Request-ID");

	ServerFilters(Tracer tracer) {
		this.tracing = new ServerTracingWebFilter(tracer,
				CelloPropagators.create(List.of(PropagationFormat.W3C)).getTextMapPropagator(),
				new ExcludedPaths(List.of("/actuator/**")), new ServerSpanAttributes(SemconvMode.CELLO, "bench"));
	}

	/** Both filters, request ID first, then the handler. */
	Mono<Void> traced(ServerWebExchange exchange) {
		return this.requestId.filter(exchange, (afterId) -> this.tracing.filter(afterId, HANDLER));
	}

	/**
	 * {@code GET /users/42} with a request ID and, unless {@code null}, a
	 * {@code traceparent}.
	 */
	static ServerWebExchange exchange(String traceparent) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://127.0.0.1:8080/users/42")
			.header("X-Request-ID", "req-42");
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return new DefaultServerWebExchange(request.build(), new MockServerHttpResponse(), SESSIONS, CODECS, LOCALES);
	}

}
