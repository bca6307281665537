package io.cello.telemetry.internal.server;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace on the response under the settings that change it: {@code trace-response},
 * {@code server-timing} and a sampling rate that drops new traces.
 */
class TraceResponseConfigurationTests {

	@Test
	void traceResponseCanBeTurnedOff() {
		try (ConfigurableApplicationContext app = TracedTestApplication.start("cello.telemetry.trace-response=false")) {
			HttpHeaders headers = get(app, "/users/1");

			app.getBean(RecordedSpans.class).serverSpan("/users/1");
			assertThat(headers.getFirst("X-Request-ID")).isNotNull();
			assertThat(headers.get("traceresponse")).isNull();
			assertThat(headers.get("Server-Timing")).isNull();
		}
	}

	@Test
	void serverTimingCarriesTheTraceBesideTheApplicationsOwnEntries() {
		try (ConfigurableApplicationContext app = TracedTestApplication.start("cello.telemetry.server-timing=true")) {
			HttpHeaders headers = get(app, "/timed");

			SpanData span = app.getBean(RecordedSpans.class).serverSpan("/timed");
			String traceparent = TraceResponseTests.traceparentOf(span);
			assertThat(headers.get("Server-Timing")).containsExactly("db;dur=53",
					"traceparent;desc=\"" + traceparent + "\"");
			assertThat(headers.getFirst("traceresponse")).isEqualTo(traceparent);

			HttpHeaders failed = LocalServer.client(app)
				.get()
				.uri("/fail")
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.returnResult(String.class)
				.getResponseHeaders();
			SpanData failedSpan = app.getBean(RecordedSpans.class).serverSpan("/fail");
			assertThat(failed.get("Server-Timing"))
				.containsExactly("traceparent;desc=\"" + TraceResponseTests.traceparentOf(failedSpan) + "\"");
		}
	}

	@Test
	void unsampledRootTraceCarriesFlagsZero() {
		try (ConfigurableApplicationContext app = TracedTestApplication.start("cello.telemetry.sampling-rate=0")) {
			String traceResponse = get(app, "/users/1").getFirst("traceresponse");

			assertThat(traceResponse).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
			assertThat(TraceResponseTests.sampledFlag(traceResponse)).isFalse();
			assertThat(traceResponse.substring(3, 35)).isNotEqualTo("0".repeat(32));
		}
	}

	private static HttpHeaders get(ConfigurableApplicationContext app, String path) {
		return LocalServer.client(app)
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();
	}

}
