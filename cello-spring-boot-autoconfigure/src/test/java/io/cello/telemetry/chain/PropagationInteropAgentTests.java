package io.cello.telemetry.chain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static io.cello.telemetry.testsupport.OtlpTestReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cello between two services traced by the OpenTelemetry Java agent: the caller (a plain
 * WebFlux application under the agent) calls Cello, which calls the callee (under the
 * agent too), and all three export to one OTLP receiver. The request is one trace with
 * every span the child of the one before, in W3C and in B3; the callee receives the
 * request ID Cello generated, which Cello's spans record. The two agent JVMs are
 * started once and propagate {@code tracecontext,b3multi}; Cello, one application per
 * test, only the format under test.
 */
class PropagationInteropAgentTests {

	private static final String CALLER = "agent-caller";

	private static final String CELLO = "cello";

	private static final String CALLEE = "agent-callee";

	@TempDir
	static Path directory;

	private static OtlpTestReceiver receiver;

	private static AgentJvm caller;

	private static AgentJvm callee;

	private static String callerUrl;

	private static String calleeUrl;

	@RegisterExtension
	static final TestWatcher agentOutputOnFailure = new TestWatcher() {

		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			for (AgentJvm jvm : new AgentJvm[] { caller, callee }) {
				if (jvm != null) {
					System.out.println("----- output of " + jvm.name() + " -----\n" + jvm.output());
				}
			}
		}

	};

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startAgentApplications() throws Exception {
		receiver = OtlpTestReceiver.http();
		caller = AgentJvm.start(CALLER, "tracecontext,b3multi", receiver.endpoint(), directory);
		callee = AgentJvm.start(CALLEE, "tracecontext,b3multi", receiver.endpoint(), directory);
		callerUrl = caller.awaitPort();
		calleeUrl = callee.awaitPort();
	}

	@AfterAll
	static void stopAgentApplications() throws Exception {
		for (AgentJvm jvm : new AgentJvm[] { caller, callee }) {
			if (jvm != null) {
				jvm.close();
			}
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "w3c", "b3", "b3multi" })
	void agentCallerCelloAndAgentCalleeAreOneTraceWithCellosRequestId(String format) throws Exception {
		try (ConfigurableApplicationContext cello = TestApplications.builder(ChainTestApplication.class,
					"spring.application.name=" + CELLO,
					"cello.telemetry.service-name=" + CELLO, "cello.telemetry.otlp-endpoint=" + receiver.endpoint(),
					"cello.telemetry.protocol=http/protobuf", "cello.telemetry.schedule-delay=100ms",
					"cello.telemetry.propagation=" + format, "chain.next=" + calleeUrl)
			.run()) {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create(callerUrl + "/chain?next=" + LocalServer.baseUrl(cello)))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			String calleeBody = JsonPath.read(response.body(), "$.downstream");
			Map<String, String> calleeReceived = JsonPath.read(calleeBody, "$");

			String traceId = traceIdSentByCello(format, calleeReceived);
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(spansOf(traceId)).extracting(ExportedSpan::describe)
					.contains(CALLER + " SERVER", CALLER + " CLIENT", CELLO + " SERVER", CELLO + " CLIENT",
							CALLEE + " SERVER"));
			List<ExportedSpan> trace = spansOf(traceId);
			ExportedSpan callerServer = only(trace, CALLER, SpanKind.SPAN_KIND_SERVER);
			ExportedSpan callerClient = only(trace, CALLER, SpanKind.SPAN_KIND_CLIENT);
			ExportedSpan celloServer = only(trace, CELLO, SpanKind.SPAN_KIND_SERVER);
			ExportedSpan celloClient = only(trace, CELLO, SpanKind.SPAN_KIND_CLIENT);
			ExportedSpan calleeServer = only(trace, CALLEE, SpanKind.SPAN_KIND_SERVER);
			assertThat(callerServer.parentSpanId()).as("the caller's server span starts the trace").isEmpty();
			assertThat(callerClient.parentSpanId()).isEqualTo(callerServer.spanId());
			assertThat(celloServer.parentSpanId()).isEqualTo(callerClient.spanId());
			assertThat(celloClient.parentSpanId()).isEqualTo(celloServer.spanId());
			assertThat(calleeServer.parentSpanId()).isEqualTo(celloClient.spanId());
			assertThat(List.of(callerServer, callerClient, calleeServer)).extracting(ExportedSpan::scope)
				.allSatisfy((scope) -> assertThat(scope).startsWith("io.opentelemetry."));
			assertThat(List.of(celloServer, celloClient)).extracting(ExportedSpan::scope)
				.containsOnly("io.cello.telemetry");

			String requestId = calleeReceived.get("x-request-id");
			assertThat(requestId).as("the ID Cello generated, as the agent's caller sent none")
				.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
			assertThat(List.of(celloServer, celloClient)).extracting((span) -> span.attribute("request.id"))
				.containsOnly(requestId);
			assertThat(exported()).filteredOn((span) -> requestId.equals(span.attribute("request.id")))
				.as("Cello's spans of the request, all in the one trace")
				.extracting(ExportedSpan::traceId)
				.containsOnly(traceId);
		}
	}

	/**
	 * The trace ID in the headers Cello sent the callee, which must be those of the format
	 * under test and no others.
	 */
	private static String traceIdSentByCello(String format, Map<String, String> received) {
		List<String> headers = List.of("traceparent", "b3", "x-b3-traceid");
		String header = switch (format) {
			case "w3c" -> "traceparent";
			case "b3" -> "b3";
			case "b3multi" -> "x-b3-traceid";
			default -> throw new IllegalArgumentException(format);
		};
		assertThat(received).as("headers the callee received").containsKey(header);
		assertThat(received.keySet()).as("headers the callee received")
			.doesNotContainAnyElementsOf(headers.stream().filter((other) -> !other.equals(header)).toList());
		String value = received.get(header);
		return switch (header) {
			case "traceparent" -> value.split("-")[1];
			case "b3" -> value.split("-")[0];
			default -> value;
		};
	}

	private static List<ExportedSpan> spansOf(String traceId) {
		return exported().stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private static List<ExportedSpan> exported() {
		return receiver.resourceSpans()
			.stream()
			.flatMap((resourceSpans) -> resourceSpans.getScopeSpansList()
				.stream()
				.flatMap((scopeSpans) -> scopeSpans.getSpansList()
					.stream()
					.map((span) -> new ExportedSpan(
							attribute(resourceSpans.getResource().getAttributesList(), "service.name"),
							scopeSpans.getScope().getName(), span))))
			.toList();
	}

	private static ExportedSpan only(List<ExportedSpan> spans, String service, SpanKind kind) {
		List<ExportedSpan> matching = spans.stream()
			.filter((span) -> span.service().equals(service) && span.span().getKind() == kind)
			.toList();
		assertThat(matching).as("%s spans of %s in %s", kind, service, spans).hasSize(1);
		return matching.get(0);
	}

	private record ExportedSpan(String service, String scope, Span span) {

		String traceId() {
			return HexFormat.of().formatHex(this.span.getTraceId().toByteArray());
		}

		String spanId() {
			return HexFormat.of().formatHex(this.span.getSpanId().toByteArray());
		}

		String parentSpanId() {
			return HexFormat.of().formatHex(this.span.getParentSpanId().toByteArray());
		}

		String attribute(String key) {
			return OtlpTestReceiver.attribute(this.span.getAttributesList(), key);
		}

		String describe() {
			return this.service + " " + this.span.getKind().name().substring("SPAN_KIND_".length());
		}

		@Override
		public String toString() {
			return describe() + " " + this.span.getName() + " [" + this.scope + "] " + spanId() + " < "
					+ parentSpanId();
		}

	}

}
