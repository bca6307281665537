package io.cello.telemetry.internal.server;

import java.util.Map;

import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code traceresponse} header on every traced response, with the starter's
 * defaults: on successes and on each kind of error, with and without an incoming parent,
 * sampled or not, and never on excluded paths.
 */
class TraceResponseTests extends SharedApplicationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	@Test
	void successCarriesTheServerSpansTrace() {
		HttpHeaders headers = this.client.get()
			.uri("/users/1")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();

		SpanData span = this.spans.serverSpan("/users/1");
		assertThat(headers.get("traceresponse")).containsExactly(traceparentOf(span));
		assertThat(sampledFlag(headers.getFirst("traceresponse"))).isTrue();
		assertThat(headers.get("Server-Timing")).as("off by default").isNull();
	}

	@Test
	void errorsCarryTheServerSpansTrace() {
		assertTraceResponseOfSpan(this.client.get().uri("/fail").exchange().expectStatus().isEqualTo(500), "/fail");
		assertTraceResponseOfSpan(this.client.get().uri("/nowhere/at/all").exchange().expectStatus().isNotFound(),
				"/nowhere/at/all");
		assertTraceResponseOfSpan(this.client.get().uri("/missing/9").exchange().expectStatus().isNotFound(),
				"/missing/9");
		assertTraceResponseOfSpan(this.client.get().uri("/unavailable").exchange().expectStatus().isEqualTo(503),
				"/unavailable");
	}

	@Test
	void sampledParentGivesTheCallersTraceAndTheServersSpan() {
		HttpHeaders headers = this.client.get()
			.uri("/users/2")
			.header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();

		SpanData span = this.spans.serverSpan("/users/2");
		assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getSpanId()).isNotEqualTo(PARENT_SPAN_ID);
		assertThat(headers.getFirst("traceresponse")).isEqualTo(traceparentOf(span))
			.startsWith("00-" + TRACE_ID + "-" + span.getSpanId() + "-");
		assertThat(sampledFlag(headers.getFirst("traceresponse"))).isTrue();
	}

	@Test
	void unsampledParentGivesFlagsZeroAndTheServersOwnSpan() {
		EntityExchangeResult<Map<String, String>> result = this.client.get()
			.uri("/hops/3")
			.header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-00")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, String>>() {
			})
			.returnResult();

		String serverSpanId = result.getResponseBody().get("subscribe");
		assertThat(serverSpanId).matches("[0-9a-f]{16}").isNotEqualTo(PARENT_SPAN_ID);
		assertThat(result.getResponseHeaders().getFirst("traceresponse"))
			.isEqualTo("00-" + TRACE_ID + "-" + serverSpanId + "-00");
	}

	@Test
	void excludedPathsCarryNoTrace() {
		HttpHeaders headers = this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();

		assertThat(headers.getFirst("X-Request-ID")).as("the response passed Cello's filters").isNotNull();
		assertThat(headers.get("traceresponse")).isNull();
	}

	private void assertTraceResponseOfSpan(WebTestClient.ResponseSpec response, String path) {
		HttpHeaders headers = response.returnResult(String.class).getResponseHeaders();
		SpanData span = this.spans.serverSpan(path);
		assertThat(headers.get("traceresponse")).as(path).containsExactly(traceparentOf(span));
	}

	/**
	 * What the response should carry for {@code span}: its IDs and its trace flags, the
	 * sampled bit and, for a trace ID this SDK generated, Level 2's random bit ({@code 02}).
	 */
	static String traceparentOf(SpanData span) {
		return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
	}

	static boolean sampledFlag(String traceResponse) {
		return (Integer.parseInt(traceResponse.substring(53), 16) & 1) == 1;
	}

}
