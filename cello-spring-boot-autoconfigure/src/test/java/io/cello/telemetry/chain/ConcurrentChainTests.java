package io.cello.telemetry.chain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The a → b → c chain under 200 concurrent requests, each with its own incoming trace ID
 * and request ID: every trace is complete and correct, and no span, request ID or log line
 * carries another request's values.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConcurrentChainTests {

	private static final int REQUESTS = 200;

	private static final Pattern LOG_LINE = Pattern
		.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) request_id=(\\S+) .*chain-(?:hop|response|back) ([abc])");

	@Test
	void concurrentRequestsNeverShareOrLeakContext(CapturedOutput output) {
		try (ChainOfServices services = new ChainOfServices("cello.telemetry.max-queue-size=10000")) {
			ConnectionProvider connections = ConnectionProvider.builder("load").maxConnections(REQUESTS).build();
			WebClient client = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
				.baseUrl(services.entry())
				.build();
			Map<String, String> requestIdByTrace = new ConcurrentHashMap<>();
			Map<String, String> echoedByTrace = new ConcurrentHashMap<>();

			Flux.range(0, REQUESTS).flatMap((i) -> {
				String traceId = String.format("%032x", 0xC0FFEE00L + i);
				String requestId = "load-" + i;
				requestIdByTrace.put(traceId, requestId);
				return client.get()
					.uri("/chain")
					.header("traceparent", "00-" + traceId + "-00000000000000aa-01")
					.header("X-Request-ID", requestId)
					.retrieve()
					.toBodilessEntity()
					.doOnNext((response) -> echoedByTrace.put(traceId,
							response.getHeaders().getFirst("X-Request-ID")));
			}, REQUESTS).blockLast(Duration.ofSeconds(60));
			connections.dispose();

			assertThat(echoedByTrace).isEqualTo(requestIdByTrace);
			List<SpanData> spans = Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(services::spans, (all) -> all.size() >= 5 * REQUESTS);
			assertThat(spans).hasSize(5 * REQUESTS);
			Map<String, List<SpanData>> byTrace = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
			assertThat(byTrace.keySet()).isEqualTo(requestIdByTrace.keySet());
			byTrace.forEach((traceId, trace) -> {
				assertThat(trace).hasSize(5);
				SpanData serverA = ChainTracingTests.only(trace, SpanKind.SERVER, "a");
				SpanData clientA = ChainTracingTests.only(trace, SpanKind.CLIENT, "a");
				SpanData serverB = ChainTracingTests.only(trace, SpanKind.SERVER, "b");
				SpanData clientB = ChainTracingTests.only(trace, SpanKind.CLIENT, "b");
				SpanData serverC = ChainTracingTests.only(trace, SpanKind.SERVER, "c");
				assertThat(serverA.getParentSpanId()).isEqualTo("00000000000000aa");
				assertThat(clientA.getParentSpanId()).isEqualTo(serverA.getSpanId());
				assertThat(serverB.getParentSpanId()).isEqualTo(clientA.getSpanId());
				assertThat(clientB.getParentSpanId()).isEqualTo(serverB.getSpanId());
				assertThat(serverC.getParentSpanId()).isEqualTo(clientB.getSpanId());
				assertThat(trace).extracting((span) -> span.getAttributes().get(REQUEST_ID))
					.containsOnly(requestIdByTrace.get(traceId));
			});

			Matcher matcher = LOG_LINE.matcher(output.getOut());
			int lines = 0;
			while (matcher.find()) {
				String traceId = matcher.group(1);
				assertThat(matcher.group(3)).as("request_id in the log line of trace " + traceId)
					.isEqualTo(requestIdByTrace.get(traceId));
				SpanData server = ChainTracingTests.only(byTrace.get(traceId), SpanKind.SERVER, matcher.group(4));
				assertThat(matcher.group(2)).isEqualTo(server.getSpanId());
				lines++;
			}
			assertThat(lines).as("log lines before, during and after each service's downstream call")
				.isEqualTo(8 * REQUESTS);
		}
	}

}
