package io.cello.telemetry.internal.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way of reading a response's body delivers what it read in the caller's context,
 * when the body arrives on a thread of the HTTP client's that has none.
 */
class ContextCarryingResponseTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	private final Context caller = Context.root()
		.with(Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));

	static Stream<Arguments> readers() {
		ParameterizedTypeReference<String> string = new ParameterizedTypeReference<>() {
		};
		return Stream.of(reader("bodyToMono(Class)", (response) -> response.bodyToMono(String.class)),
				reader("bodyToMono(type reference)", (response) -> response.bodyToMono(string)),
				reader("bodyToFlux(Class)", (response) -> response.bodyToFlux(String.class)),
				reader("bodyToFlux(type reference)", (response) -> response.bodyToFlux(string)),
				reader("body(extractor)", (response) -> response.body(BodyExtractors.toMono(String.class))),
				reader("toEntity(Class)", (response) -> response.toEntity(String.class)),
				reader("toEntity(type reference)", (response) -> response.toEntity(string)),
				reader("toEntityList(Class)", (response) -> response.toEntityList(String.class)),
				reader("toEntityList(type reference)", (response) -> response.toEntityList(string)),
				reader("toBodilessEntity()", ClientResponse::toBodilessEntity),
				reader("releaseBody()", ClientResponse::releaseBody),
				reader("createException()", ClientResponse::createException),
				reader("createError()", ClientResponse::createError),
				reader("mutate().build().bodyToMono(Class)",
						(response) -> response.mutate().build().bodyToMono(String.class)));
	}

	private static Arguments reader(String name, Function<ClientResponse, Publisher<?>> read) {
		return Arguments.of(name, read);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("readers")
	void whatIsReadFromTheBodyIsDeliveredInTheCallersContext(String name, Function<ClientResponse, Publisher<?>> read) {
		ClientResponse response = new ContextCarryingResponse(responseWithBodyOnItsOwnThread(HttpStatus.OK),
				this.caller);

		Map<String, String> seen = readAndRecordContext(read.apply(response));

		assertThat(seen).as(name).isNotEmpty().allSatisfy((signal, ids) -> assertThat(ids).as(signal)
			.isEqualTo(SPAN_ID + "/" + TRACE_ID));
	}

	@Test
	void withoutTheWrapperTheBodyArrivesWithoutTheCallersContext() {
		Map<String, String> seen = readAndRecordContext(
				responseWithBodyOnItsOwnThread(HttpStatus.OK).bodyToMono(String.class));

		assertThat(seen).containsEntry("next", "0000000000000000/null");
	}

	@Test
	void readingTheBodyStillGivesTheBodyAndTheResponseItsStatusAndHeaders() {
		ClientResponse response = new ContextCarryingResponse(
				responseWithBodyOnItsOwnThread(HttpStatus.SERVICE_UNAVAILABLE), this.caller);

		assertThat(response.statusCode()).isEqualTo(HttpStatusCode.valueOf(503));
		assertThat(response.headers().contentType()).contains(MediaType.TEXT_PLAIN);
		assertThat(response.bodyToMono(String.class).block(Duration.ofSeconds(5))).isEqualTo("hello");
		ClientResponse mutated = new ContextCarryingResponse(responseWithBodyOnItsOwnThread(HttpStatus.OK), this.caller)
			.mutate()
			.header("X-Added", "1")
			.build();
		assertThat(mutated.headers().header("X-Added")).containsExactly("1");
		assertThat(mutated.headers().contentType()).contains(MediaType.TEXT_PLAIN);
		assertThat(mutated.bodyToMono(String.class).block(Duration.ofSeconds(5))).isEqualTo("hello");
	}

	/** A response whose body emits from a plain thread, as the HTTP client's would. */
	private static ClientResponse responseWithBodyOnItsOwnThread(HttpStatus status) {
		Flux<DataBuffer> body = Flux.create((sink) -> new Thread(() -> {
			sink.next(DefaultDataBufferFactory.sharedInstance.wrap("hello".getBytes(StandardCharsets.UTF_8)));
			sink.complete();
		}, "http-client-like").start());
		return ClientResponse.create(status)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_PLAIN_VALUE)
			.body(body)
			.build();
	}

	/** The span ID current and the trace ID in the MDC at each signal, keyed by signal. */
	private static Map<String, String> readAndRecordContext(Publisher<?> publisher) {
		Map<String, String> seen = new ConcurrentHashMap<>();
		Flux.from(publisher)
			.doOnNext((value) -> seen.put("next", ids()))
			.doOnError((error) -> seen.put("error", ids()))
			.doOnComplete(() -> seen.put("complete", ids()))
			.onErrorResume((error) -> Mono.empty())
			.then()
			.block(Duration.ofSeconds(5));
		return seen;
	}

	private static String ids() {
		return Span.current().getSpanContext().getSpanId() + "/" + MDC.get(CorrelationMdc.TRACE_ID);
	}

}
