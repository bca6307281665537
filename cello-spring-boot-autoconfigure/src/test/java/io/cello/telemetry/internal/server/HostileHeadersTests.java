package io.cello.telemetry.internal.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;

import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, oversized and hostile propagation and request-ID headers: the request always
 * succeeds, a fresh trace or ID is used, and nothing raw is echoed back.
 */
class HostileHeadersTests extends SharedApplicationTests {

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Override
	protected String[] properties() {
		return new String[] { "cello.telemetry.propagation=w3c,b3,b3multi,jaeger" };
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			traceparent   | 00-00000000000000000000000000000000-00f067aa0ba902b7-01
			traceparent   | 00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01
			traceparent   | ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
			traceparent   | 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01
			traceparent   | 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra
			traceparent   | 00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01
			traceparent   | 00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01
			traceparent   | 00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01
			traceparent   | <script>alert(1)</script>
			b3            | 4bf92f3577b34da6a3ce929d0e0e4736-garbage-1
			b3            | 00000000000000000000000000000000-00f067aa0ba902b7-1
			X-B3-TraceId  | zzzz
			uber-trace-id | 4bf92f3577b34da6a3ce929d0e0e4736:0:0:1
			uber-trace-id | not:a:jaeger:header:at:all
			""")
	void malformedTraceContextStartsAFreshTrace(String header, String value) {
		HttpHeaders response = get("/users/1", header, value);

		SpanData span = this.spans.serverSpan("/users/1");
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID).isNotEqualTo("0".repeat(32));
		assertNothingEchoed(response, value);
	}

	/** Sizes within the server's header limit; beyond it the server answers 431 before any filter runs. */
	@ParameterizedTest
	@ValueSource(ints = { 6 * 1024, 1024 })
	void oversizedHeadersAreIgnored(int size) {
		String parent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
		HttpHeaders response = exchange("/users/2", (headers) -> {
			headers.set("traceparent", parent);
			headers.set("tracestate", "k=" + "v".repeat(size / 2));
			headers.set("baggage", "k=" + "v".repeat(size / 2));
		});

		SpanData span = this.spans.serverSpan("/users/2");
		assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(response.toString()).doesNotContain("vvvvvvvv");
	}

	@ParameterizedTest
	@ValueSource(strings = { "<script>alert(1)</script>", "has space", "semi;colon", "quote\"d", "ünïcode",
			"abc%0D%0AInjected:%201", "a,b" })
	void invalidRequestIdIsReplacedAndNeverEchoed(String requestId) {
		HttpHeaders response = get("/users/3", "X-Request-ID", requestId);

		String echoed = response.getFirst("X-Request-ID");
		assertThat(echoed).matches(UUID_PATTERN);
		assertThat(this.spans.serverSpan("/users/3").getAttributes().get(REQUEST_ID)).isEqualTo(echoed);
		assertNothingEchoed(response, requestId);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 129, 4000 })
	void requestIdOfTheWrongLengthIsReplaced(int length) {
		String requestId = "a".repeat(length);
		HttpHeaders response = get("/users/4", "X-Request-ID", requestId);

		assertThat(response.getFirst("X-Request-ID")).matches(UUID_PATTERN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "req-42", "A.b_c:d-E", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			+ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })
	void validRequestIdIsKept(String requestId) {
		HttpHeaders response = get("/users/5", "X-Request-ID", requestId);

		assertThat(response.getFirst("X-Request-ID")).isEqualTo(requestId);
		assertThat(this.spans.serverSpan("/users/5").getAttributes().get(REQUEST_ID)).isEqualTo(requestId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "X-Request-ID: a\rb", "X-Request-ID: a\u0000b", "X-Request-ID: \u00ff\u00fe",
			"traceparent: 00-" + TRACE_ID + "-00f067aa0ba902b7-01\u0000" })
	void controlCharactersOnTheWireNeverReachAResponseHeader(String headerLine) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /users/6 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headerLine + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			String statusLine = response.substring(0, response.indexOf("\r\n"));
			assertThat(statusLine).matches("HTTP/1.1 (200|400) .*");
			String requestIdLine = response.lines()
				.filter((line) -> line.regionMatches(true, 0, "X-Request-ID:", 0, 13))
				.findFirst()
				.orElse(null);
			if (statusLine.contains("200")) {
				assertThat(requestIdLine).isNotNull();
				assertThat(requestIdLine.substring(13).strip()).matches(UUID_PATTERN);
			}
			assertThat(response).doesNotContain("\u0000").doesNotContain("\u00ff");
		}
	}

	private HttpHeaders get(String path, String header, String value) {
		return exchange(path, (headers) -> headers.set(header, value));
	}

	private HttpHeaders exchange(String path, java.util.function.Consumer<HttpHeaders> headers) {
		return this.client.get()
			.uri(path)
			.headers(headers)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();
	}

	private static void assertNothingEchoed(HttpHeaders response, String value) {
		response.forEach((name, values) -> assertThat(values).as(name).noneMatch((echoed) -> echoed.contains(value)));
	}

}
