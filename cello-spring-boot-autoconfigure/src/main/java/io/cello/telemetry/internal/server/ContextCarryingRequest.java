package io.cello.telemetry.internal.server;

import io.cello.telemetry.internal.context.ContextRestoring;
import io.opentelemetry.context.Context;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request whose body is delivered with the request's context current. The server reads
 * a body on its own threads, after the filter chain was subscribed to; whatever handler
 * code the body's arrival drives (a controller method taking {@code @RequestBody}, the
 * operators after {@code bodyToMono}) still runs in the request's trace.
 */
final class ContextCarryingRequest extends ServerHttpRequestDecorator {

	private final Context context;

	private ContextCarryingRequest(ServerHttpRequest delegate, Context context) {
		super(delegate);
		this.context = context;
	}

	/** {@code exchange} with its request body carrying {@code context}; as is without a body. */
	static ServerWebExchange carry(ServerWebExchange exchange, Context context) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		if (headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return exchange;
		}
		return exchange.mutate().request(new ContextCarryingRequest(request, context)).build();
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return ContextRestoring.flux(super.getBody(), this.context);
	}

}
