package io.cello.telemetry.internal.server;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_CONTENT_LENGTH;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_DURATION_MS;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_CONTENT_LENGTH;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_ROUTE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL;
import static io.cello.telemetry.internal.http.HttpAttributes.NET_HOST_NAME;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVICE_NAME;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_PATH;
import static org.assertj.core.api.Assertions.assertThat;

class ServerTracingWebFilterTests extends SharedApplicationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	@Test
	void serverSpanIsNamedAfterRouteTemplateAndCarriesCelloAttributes() {
		this.client.get().uri("/users/42?token=secret").exchange().expectStatus().isOk();

		SpanData span = this.spans.serverSpan("/users/42");
		assertThat(span.getName()).isEqualTo("GET /users/{id}");
		assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		Attributes attributes = span.getAttributes();
		assertThat(attributes.get(HTTP_METHOD)).isEqualTo("GET");
		assertThat(attributes.get(HTTP_ROUTE)).isEqualTo("/users/{id}");
		assertThat(attributes.get(HTTP_URL)).isEqualTo("/users/42");
		assertThat(attributes.get(HTTP_STATUS_CODE)).isEqualTo(200L);
		assertThat(attributes.get(HTTP_RESPONSE_CONTENT_LENGTH)).isPositive();
		assertThat(attributes.get(HTTP_REQUEST_DURATION_MS)).isPositive();
		assertThat(attributes.get(NET_HOST_NAME)).isEqualTo("127.0.0.1");
		assertThat(attributes.get(SERVICE_NAME)).isEqualTo("orders");
		assertThat(attributes.get(URL_PATH)).as("stable names are off by default").isNull();
		assertThat(attributes.asMap().values()).noneMatch((value) -> value.toString().contains("secret"));
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("io.cello.telemetry");
	}

	@Test
	void pathParametersAreNotRecorded() {
		this.client.get().uri("/users/42;jsessionid=SECRET").exchange().expectStatus().isOk();
		this.client.get().uri("/a;x=SECRET/b;y=SECRET").exchange().expectStatus().isNotFound();

		SpanData user = this.spans.serverSpan("/users/42");
		assertThat(user.getName()).isEqualTo("GET /users/{id}");
		assertThat(this.spans.serverSpan("/a/b").getName()).isEqualTo("GET");
		assertThat(this.spans.all()).hasSize(2).allSatisfy(RecordedSpans.without("SECRET"));
	}

	@Test
	void anEncodedSemicolonIsPartOfThePathNotAParameter() {
		this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + "/users/42%3Bv2"))
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(this.spans.serverSpan("/users/42%3Bv2").getName()).isEqualTo("GET /users/{id}");
	}

	@Test
	void functionalEndpointsAreNamedAfterTheirRouteToo() {
		this.client.get().uri("/fn/items/7").exchange().expectStatus().isOk();

		SpanData span = this.spans.serverSpan("/fn/items/7");
		assertThat(span.getName()).isEqualTo("GET /fn/items/{id}");
		assertThat(span.getAttributes().get(HTTP_ROUTE)).isEqualTo("/fn/items/{id}");
	}

	@Test
	void requestWithoutRouteIsNamedAfterMethodOnly() {
		this.client.get().uri("/nowhere/at/all").exchange().expectStatus().isNotFound();

		SpanData span = this.spans.serverSpan("/nowhere/at/all");
		assertThat(span.getName()).isEqualTo("GET");
		assertThat(span.getAttributes().get(HTTP_ROUTE)).isNull();
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(404L);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void requestBodyLengthIsRecorded() {
		this.client.post().uri("/echo").bodyValue("hello cello").exchange().expectStatus().isOk();

		SpanData span = this.spans.serverSpan("/echo");
		assertThat(span.getName()).isEqualTo("POST /echo");
		assertThat(span.getAttributes().get(HTTP_REQUEST_CONTENT_LENGTH)).isEqualTo(11L);
		assertThat(span.getAttributes().get(HTTP_RESPONSE_CONTENT_LENGTH)).isEqualTo(11L);
	}

	@Test
	void unhandledExceptionMarksSpanAsErrorWithExceptionEvent() {
		this.client.get().uri("/fail").exchange().expectStatus().is5xxServerError();

		SpanData span = this.spans.serverSpan("/fail");
		assertThat(span.getName()).isEqualTo("GET /fail");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(500L);
		assertThat(span.getEvents()).hasSize(1);
		EventData event = span.getEvents().get(0);
		assertThat(event.getName()).isEqualTo("exception");
		assertThat(event.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.type")))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(event.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.message")))
			.isEqualTo("payment declined");
	}

	@Test
	void clientErrorLeavesStatusUnset() {
		this.client.get().uri("/missing/9").exchange().expectStatus().isNotFound();

		SpanData span = this.spans.serverSpan("/missing/9");
		assertThat(span.getName()).isEqualTo("GET /missing/{id}");
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(404L);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).isEmpty();
	}

	@Test
	void serverErrorStatusFromExceptionMarksSpanAsError() {
		this.client.get().uri("/unavailable").exchange().expectStatus().isEqualTo(503);

		SpanData span = this.spans.serverSpan("/unavailable");
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(503L);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void parentIsTakenFromIncomingTraceparent() {
		this.client.get()
			.uri("/users/1")
			.header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
			.exchange()
			.expectStatus()
			.isOk();

		SpanData span = this.spans.serverSpan("/users/1");
		assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
		assertThat(span.getParentSpanContext().isRemote()).isTrue();
	}

	@Test
	void invalidTraceparentStartsNewTraceAndNeverFailsTheRequest() {
		this.client.get()
			.uri("/users/2")
			.header("traceparent", "00-" + "0".repeat(32) + "-" + PARENT_SPAN_ID + "-01")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/users/3")
			.header("traceparent", "garbage\u00e9-" + "x".repeat(500))
			.exchange()
			.expectStatus()
			.isOk();

		for (String path : List.of("/users/2", "/users/3")) {
			SpanData span = this.spans.serverSpan(path);
			assertThat(span.getParentSpanContext().isValid()).isFalse();
			assertThat(span.getTraceId()).isNotEqualTo("0".repeat(32));
		}
	}

	@Test
	void actuatorPathsAreExcludedByDefault() {
		this.client.get().uri("/actuator/health").exchange();
		this.client.get().uri("/users/5").exchange().expectStatus().isOk();

		this.spans.serverSpan("/users/5");
		assertThat(this.spans.all()).noneMatch((span) -> span.getAttributes().get(HTTP_URL).startsWith("/actuator"));
	}

	@Test
	void requestSpanIsCurrentInHandlerCodeAcrossThreadHops() {
		Map<String, String> seen = seenByHandler(this.client.get().uri("/hops/1"));

		SpanData server = this.spans.serverSpan("/hops/1");
		assertThat(seen).containsEntry("subscribe", server.getSpanId())
			.containsEntry("publishOn", server.getSpanId())
			.containsEntry("flatMap", server.getSpanId())
			.containsEntry("delayElements", server.getSpanId());
		assertThat(seen.get("thread")).doesNotStartWith("reactor-http");
		SpanData custom = this.spans.await(1, (span) -> span.getName().equals("load-user")).get(0);
		assertThat(custom.getSpanId()).isEqualTo(seen.get("custom"));
		assertThat(custom.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(custom.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(custom.getKind()).isEqualTo(SpanKind.INTERNAL);
	}

	@Test
	void requestSpanIsCurrentInHandlerCodeThatRunsAsTheBodyArrives() {
		Map<String, String> seen = seenByHandler(this.client.post()
			.uri("/body-context")
			.header("X-Request-ID", "body-1")
			.bodyValue("a body that arrives after the filter chain was subscribed to"));

		SpanData server = this.spans.serverSpan("/body-context");
		assertThat(seen).containsEntry("span", server.getSpanId()).containsEntry(CorrelationMdc.REQUEST_ID, "body-1");
	}

	@Test
	void observationsInHandlerCodeBecomeChildSpans() {
		this.client.get().uri("/observed/8").exchange().expectStatus().isOk();

		SpanData observed = this.spans.childOfTheOnlyServerSpan("/observed/8", "inventory.check");
		assertThat(observed.getKind()).isEqualTo(SpanKind.INTERNAL);
	}

	@Test
	void contextDoesNotLeakIntoTheNextRequest() {
		this.client.get().uri("/hops/2").exchange().expectStatus().isOk();
		this.client.get().uri("/users/6").exchange().expectStatus().isOk();

		SpanData first = this.spans.serverSpan("/hops/2");
		SpanData second = this.spans.serverSpan("/users/6");
		assertThat(second.getTraceId()).isNotEqualTo(first.getTraceId());
		assertThat(second.getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void exactlyOneServerSpanPerRequest() {
		this.client.get().uri("/users/77").exchange().expectStatus().isOk();

		this.spans.serverSpan("/users/77");
		assertThat(this.spans.all()).filteredOn((span) -> span.getKind() == SpanKind.SERVER).hasSize(1);
	}

	/** What the handler reports it saw (span IDs, threads, MDC entries), from a 200 response. */
	private static Map<String, String> seenByHandler(WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, String>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
