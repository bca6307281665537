package io.cello.telemetry.chain;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * a calls b calls c through the auto-configured WebClient: one trace, the exact
 * server → client → server → client → server chain, and one request ID end to end, in
 * the spans and in every log line, for each propagation setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChainTracingTests {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final Pattern LOG_LINE = Pattern
		.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) request_id=(\\S+) .*chain-(hop|response|back) ([abc])");

	@ParameterizedTest
	@ValueSource(strings = { "w3c", "b3", "b3multi", "jaeger", "w3c,b3", "jaeger,b3multi,w3c" })
	void oneTraceAndOneRequestIdAcrossThreeServices(String propagation, CapturedOutput output) {
		try (ChainOfServices services = new ChainOfServices("cello.telemetry.propagation=" + propagation)) {
			String requestId = WebTestClient.bindToServer()
				.baseUrl(services.entry())
				.build()
				.get()
				.uri("/chain")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Request-ID");
			assertThat(requestId).isNotBlank();

			List<SpanData> spans = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(services::spans, (all) -> all.size() >= 5);
			assertThat(spans).hasSize(5);
			assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());

			SpanData serverA = only(spans, SpanKind.SERVER, "a");
			SpanData clientA = only(spans, SpanKind.CLIENT, "a");
			SpanData serverB = only(spans, SpanKind.SERVER, "b");
			SpanData clientB = only(spans, SpanKind.CLIENT, "b");
			SpanData serverC = only(spans, SpanKind.SERVER, "c");
			assertThat(serverA.getParentSpanContext().isValid()).isFalse();
			assertThat(clientA.getParentSpanId()).isEqualTo(serverA.getSpanId());
			assertThat(serverB.getParentSpanId()).isEqualTo(clientA.getSpanId());
			assertThat(serverB.getParentSpanContext().isRemote()).isTrue();
			assertThat(clientB.getParentSpanId()).isEqualTo(serverB.getSpanId());
			assertThat(serverC.getParentSpanId()).isEqualTo(clientB.getSpanId());
			assertThat(clientA.getName()).isEqualTo("GET");
			assertThat(serverB.getName()).isEqualTo("GET /chain");

			assertThat(spans).extracting((span) -> span.getAttributes().get(REQUEST_ID)).containsOnly(requestId);

			Map<String, String[]> logs = Awaitility.await()
				.until(() -> chainLogLines(output), (lines) -> lines.size() == 8);
			logs.forEach((line, ids) -> {
				String service = line.substring(line.length() - 1);
				assertThat(ids[0]).as("trace_id logged by " + line).isEqualTo(serverA.getTraceId());
				assertThat(ids[1]).as("span_id logged by " + line)
					.isEqualTo(only(spans, SpanKind.SERVER, service).getSpanId());
				assertThat(ids[2]).as("request_id logged by " + line).isEqualTo(requestId);
			});
		}
	}

	private static Map<String, String[]> chainLogLines(CapturedOutput output) {
		Matcher matcher = LOG_LINE.matcher(output.getOut());
		Map<String, String[]> lines = new java.util.TreeMap<>();
		while (matcher.find()) {
			lines.put(matcher.group(4) + " " + matcher.group(5),
					new String[] { matcher.group(1), matcher.group(2), matcher.group(3) });
		}
		return lines;
	}

	static SpanData only(List<SpanData> spans, SpanKind kind, String service) {
		List<SpanData> matching = spans.stream()
			.filter((span) -> span.getKind() == kind)
			.filter((span) -> service.equals(span.getResource().getAttribute(SERVICE_NAME)))
			.sorted(Comparator.comparing(SpanData::getStartEpochNanos))
			.collect(Collectors.toList());
		assertThat(matching).as(kind + " spans of " + service).hasSize(1);
		return matching.get(0);
	}

}
