package io.cello.telemetry.internal.client;

import java.util.List;

import io.cello.telemetry.internal.context.ContextRestoring;
import io.opentelemetry.context.Context;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ClientHttpResponseDecorator;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.function.client.support.ClientResponseWrapper;

/**
 * A response whose body, and what is read from it, is delivered in the caller's context:
 * the body arrives on the HTTP client's threads, and the caller's operators after
 * {@code bodyToMono} run there.
 * <p>
 * Wrapping each way of reading the body costs nothing until the body is read, where
 * rebuilding the response with {@link ClientResponse#mutate()} would copy its headers on
 * every exchange.
 */
final class ContextCarryingResponse extends ClientResponseWrapper {

	private final Context context;

	ContextCarryingResponse(ClientResponse delegate, Context context) {
		super(delegate);
		this.context = context;
	}

	@Override
	public <T> T body(BodyExtractor<T, ? super ClientHttpResponse> extractor) {
		return super.body((response, extractorContext) -> extractor
			.extract(new ContextCarryingBody(response, this.context), extractorContext));
	}

	@Override
	public <T> Mono<T> bodyToMono(Class<? extends T> elementClass) {
		return carry(super.bodyToMono(elementClass));
	}

	@Override
	public <T> Mono<T> bodyToMono(ParameterizedTypeReference<T> elementTypeRef) {
		return carry(super.bodyToMono(elementTypeRef));
	}

	@Override
	public <T> Flux<T> bodyToFlux(Class<? extends T> elementClass) {
		return ContextRestoring.flux(super.bodyToFlux(elementClass), this.context);
	}

	@Override
	public <T> Flux<T> bodyToFlux(ParameterizedTypeReference<T> elementTypeRef) {
		return ContextRestoring.flux(super.bodyToFlux(elementTypeRef), this.context);
	}

	@Override
	public Mono<Void> releaseBody() {
		return carry(super.releaseBody());
	}

	@Override
	public Mono<ResponseEntity<Void>> toBodilessEntity() {
		return carry(super.toBodilessEntity());
	}

	@Override
	public <T> Mono<ResponseEntity<T>> toEntity(Class<T> bodyClass) {
		return carry(super.toEntity(bodyClass));
	}

	@Override
	public <T> Mono<ResponseEntity<T>> toEntity(ParameterizedTypeReference<T> bodyTypeReference) {
		return carry(super.toEntity(bodyTypeReference));
	}

	@Override
	public <T> Mono<ResponseEntity<List<T>>> toEntityList(Class<T> elementClass) {
		return carry(super.toEntityList(elementClass));
	}

	@Override
	public <T> Mono<ResponseEntity<List<T>>> toEntityList(ParameterizedTypeReference<T> elementTypeRef) {
		return carry(super.toEntityList(elementTypeRef));
	}

	@Override
	public Mono<WebClientResponseException> createException() {
		return carry(super.createException());
	}

	@Override
	public <T> Mono<T> createError() {
		return carry(super.createError());
	}

	/** A copy of the response, its body still delivered in the caller's context. */
	@Override
	public Builder mutate() {
		return response().mutate().body((body) -> ContextRestoring.flux(body, this.context));
	}

	private <T> Mono<T> carry(Mono<T> mono) {
		return ContextRestoring.mono(mono, this.context);
	}

	/** The HTTP response as a body extractor reads it. */
	private static final class ContextCarryingBody extends ClientHttpResponseDecorator {

		private final Context context;

		ContextCarryingBody(ClientHttpResponse delegate, Context context) {
			super(delegate);
			this.context = context;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return ContextRestoring.flux(super.getBody(), this.context);
		}

	}

}
