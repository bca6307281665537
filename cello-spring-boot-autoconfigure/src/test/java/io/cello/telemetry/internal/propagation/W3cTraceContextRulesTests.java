package io.cello.telemetry.internal.propagation;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.TestApplications;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The W3C Trace Context processing rules, end to end: a request with the given header
 * lines reaches a service built on the starter, which calls back through its WebClient;
 * the test checks the {@code traceparent} and {@code tracestate} the call carried on.
 * The cases follow the specification and the official test suite, one rule each.
 */
class W3cTraceContextRulesTests {

	private static final String TRACE_ID = "12345678901234567890123456789012";

	private static final String PARENT_ID = "1234567890123456";

	private static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	private static final String UNSAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-00";

	private static ConfigurableApplicationContext service;

	private static HttpServer callbacks;

	private static final BlockingQueue<Outgoing> received = new LinkedBlockingQueue<>();

	record Outgoing(List<String> traceparent, List<String> tracestate) {

		String traceId() {
			assertThat(this.traceparent).as("exactly one traceparent is sent").hasSize(1);
			String value = this.traceparent.get(0);
			assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
			return value.substring(3, 35);
		}

		String parentId() {
			return this.traceparent.get(0).substring(36, 52);
		}

		String flags() {
			return this.traceparent.get(0).substring(53, 55);
		}

		String state() {
			return String.join(",", this.tracestate);
		}

	}

	@BeforeAll
	static void start() throws Exception {
		callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		callbacks.createContext("/callback", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			List<String> traceparent = exchange.getRequestHeaders().getOrDefault("traceparent", List.of());
			List<String> tracestate = exchange.getRequestHeaders().getOrDefault("tracestate", List.of());
			received.add(new Outgoing(traceparent, tracestate));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		callbacks.start();
		service = TestApplications.builder(W3cTestServiceApplication.class, "cello.telemetry.service-name=w3c-test",
					"cello.telemetry.exporter=none")
			.run();
	}

	@AfterAll
	static void stop() {
		service.close();
		callbacks.stop(0);
	}

	static Stream<Arguments> traceparentCases() {
		return Stream.of(
				// A valid traceparent is continued, with a new parent ID.
				continues("valid", header("traceparent", VALID)),
				continues("header names are case-insensitive", header("TrAcEpArEnT", VALID)),
				continues("leading and trailing whitespace", header("traceparent", " \t" + VALID + "\t ")),
				continues("a future version", header("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01")),
				continues("a future version with more fields",
						header("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future-will-be-like")),
				// Anything else starts a new trace.
				restarts("missing"),
				restarts("two traceparent headers",
						header("traceparent", "00-12345678901234567890123456789011-" + PARENT_ID + "-01"),
						header("traceparent", VALID)),
				restarts("a wrong header name", header("trace-parent", VALID)),
				restarts("version 00 with more fields", header("traceparent", VALID + "-what-the-future-will-be-like")),
				restarts("version 00 with trailing characters", header("traceparent", VALID + ".")),
				restarts("a future version followed by other than '-'",
						header("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01.what-the-future")),
				restarts("version ff", header("traceparent", "ff-" + TRACE_ID + "-" + PARENT_ID + "-01")),
				restarts("an illegal version character", header("traceparent", ".0-" + TRACE_ID + "-" + PARENT_ID + "-01")),
				restarts("a three-digit version", header("traceparent", "000-" + TRACE_ID + "-" + PARENT_ID + "-01")),
				restarts("a one-digit version", header("traceparent", "0-" + TRACE_ID + "-" + PARENT_ID + "-01")),
				restarts("an all-zero trace ID", header("traceparent", "00-" + "0".repeat(32) + "-" + PARENT_ID + "-01")),
				restarts("upper-case hex", header("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")),
				restarts("an illegal trace ID character",
						header("traceparent", "00-" + TRACE_ID.substring(1) + ".-" + PARENT_ID + "-01")),
				restarts("a long trace ID", header("traceparent", "00-" + TRACE_ID + "3-" + PARENT_ID + "-01")),
				restarts("a short trace ID", header("traceparent", "00-" + TRACE_ID.substring(1) + "-" + PARENT_ID + "-01")),
				restarts("an all-zero parent ID", header("traceparent", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01")),
				restarts("an illegal parent ID character",
						header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID.substring(1) + ".-01")),
				restarts("a long parent ID", header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "7-01")),
				restarts("a short parent ID", header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID.substring(1) + "-01")),
				restarts("an illegal flags character", header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-.0")),
				restarts("long flags", header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-001")),
				restarts("short flags", header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-1")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("traceparentCases")
	void traceparent(String rule, boolean continued, List<String[]> headers) throws Exception {
		Outgoing outgoing = call(headers);
		if (continued) {
			assertThat(outgoing.traceId()).isEqualTo(TRACE_ID);
			assertThat(outgoing.parentId()).isNotEqualTo(PARENT_ID);
		}
		else {
			assertThat(outgoing.traceId()).isNotIn(TRACE_ID, "12345678901234567890123456789011", "0".repeat(32),
					"4bf92f3577b34da6a3ce929d0e0e4736");
		}
	}

	static Stream<Arguments> tracestateCases() {
		String members32 = IntStream.rangeClosed(1, 32).mapToObj((i) -> "bar%02d=%02d".formatted(i, i))
			.collect(Collectors.joining(","));
		// The rules themselves are W3CTraceStateParserTests'; these show them applied to requests.
		return Stream.of(state("inherited in order", "foo=1,bar=2", header("tracestate", "foo=1,bar=2")),
				state("header names are case-insensitive", "foo=1", header("TrAcEsTaTe", "foo=1")),
				state("a wrong header name is not tracestate", "", header("trace-state", "foo=1")),
				state("several lines are one list, in order", "foo=1,bar=2,rojo=1,congo=2,baz=3",
						header("tracestate", "foo=1,bar=2"), header("tracestate", "rojo=1,congo=2"),
						header("tracestate", "baz=3")),
				state("32 members", members32, header("tracestate", members32)),
				// A malformed list is discarded as a whole.
				state("33 members", "", header("tracestate", members32 + ",bar33=33")),
				state("a member without '='", "", header("tracestate", "foo=1,bar")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tracestateCases")
	void tracestate(String rule, String expected, List<String[]> headers) throws Exception {
		List<String[]> request = new ArrayList<>();
		request.add(header("traceparent", UNSAMPLED));
		request.addAll(headers);

		Outgoing outgoing = call(request);

		assertThat(outgoing.traceId()).isEqualTo(TRACE_ID);
		assertThat(outgoing.state()).isEqualTo(expected);
	}

	@Test
	void tracestateWithoutAValidTraceparentIsDiscarded() throws Exception {
		assertThat(call(List.<String[]>of(header("tracestate", "foo=1,bar=2"))).tracestate()).isEmpty();
		assertThat(call(List.<String[]>of(header("traceparent", "ff-" + TRACE_ID + "-" + PARENT_ID + "-01"),
				header("tracestate", "foo=1"))).tracestate()).isEmpty();
	}

	@Test
	void sampledAndRandomFlagsAreCarriedOn() throws Exception {
		assertThat(call(List.<String[]>of(header("traceparent", VALID))).flags()).isEqualTo("01");
		assertThat(call(List.<String[]>of(header("traceparent", UNSAMPLED))).flags()).isEqualTo("00");
		Outgoing random = call(List.<String[]>of(header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-03")));
		assertThat(Integer.parseInt(random.flags(), 16) & 0x02).as("random flag").isEqualTo(0x02);
	}

	@Test
	void everyCallbackOfOneRequestSharesTheTraceWithItsOwnParentId() throws Exception {
		List<Outgoing> outgoing = call(List.<String[]>of(header("traceparent", VALID)), 3);
		assertThat(outgoing).extracting(Outgoing::traceId).containsOnly(TRACE_ID);
		assertThat(outgoing).extracting(Outgoing::parentId).doesNotHaveDuplicates();
	}

	private static Outgoing call(List<String[]> headers) throws Exception {
		return call(headers, 1).get(0);
	}

	/** Sends the header lines as given, over a raw connection, and returns what the service sent on. */
	private static List<Outgoing> call(List<String[]> headers, int callbacksWanted) throws Exception {
		received.clear();
		String callback = "{\"url\":\"http://127.0.0.1:" + callbacks.getAddress().getPort() + "/callback\"}";
		String body = "[" + String.join(",", java.util.Collections.nCopies(callbacksWanted, callback)) + "]";
		StringBuilder request = new StringBuilder("POST /test HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
			.append("Content-Type: application/json\r\nContent-Length: ")
			.append(body.getBytes(StandardCharsets.UTF_8).length)
			.append("\r\n");
		headers.forEach((header) -> request.append(header[0]).append(": ").append(header[1]).append("\r\n"));
		request.append("\r\n").append(body);
		int port = LocalServer.port(service);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 200");
		}
		List<Outgoing> outgoing = new ArrayList<>();
		for (int i = 0; i < callbacksWanted; i++) {
			Outgoing next = received.poll(10, TimeUnit.SECONDS);
			assertThat(next).as("callback " + i).isNotNull();
			outgoing.add(next);
		}
		return outgoing;
	}

	private static String[] header(String name, String value) {
		return new String[] { name, value };
	}

	private static Arguments continues(String rule, String[]... headers) {
		return Arguments.of(rule, true, List.of(headers));
	}

	private static Arguments restarts(String rule, String[]... headers) {
		return Arguments.of(rule, false, List.of(headers));
	}

	private static Arguments state(String rule, String expected, String[]... headers) {
		return Arguments.of(rule, expected, List.of(headers));
	}

}
