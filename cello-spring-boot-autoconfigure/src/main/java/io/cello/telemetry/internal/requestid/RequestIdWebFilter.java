package io.cello.telemetry.internal.requestid;

import io.cello.telemetry.requestid.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an ID: a valid incoming one is kept, anything else (missing,
 * too long, characters outside {@code [A-Za-z0-9._:-]}) is replaced by a new one, so
 * nothing a client sent is echoed raw. The ID is echoed on the response, kept as an
 * exchange attribute, from which the tracing filter records it on the server span and
 * carries it, in the request's OpenTelemetry context, to WebClient calls and the logging
 * MDC.
 */
public final class RequestIdWebFilter implements WebFilter, Ordered {

	/** Before the tracing filter, which records the ID on the server span. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	private final String headerName;

	public RequestIdWebFilter(String headerName) {
		this.headerName = headerName;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String incoming = exchange.getRequest().getHeaders().getFirst(this.headerName);
		String requestId = RequestIds.isValid(incoming) ? incoming : RequestIds.generate();
		exchange.getAttributes().put(RequestIds.EXCHANGE_ATTRIBUTE, requestId);
		exchange.getResponse().getHeaders().set(this.headerName, requestId);
		return chain.filter(exchange);
	}

}
