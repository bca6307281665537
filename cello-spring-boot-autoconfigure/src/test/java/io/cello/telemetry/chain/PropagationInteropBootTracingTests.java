package io.cello.telemetry.chain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cello between two services that use Spring Boot's own OpenTelemetry tracing instead:
 * a (Boot) calls b (Cello) calls c (Boot), and all stay in one trace, for W3C and B3.
 * Runs in the surefire execution that has Boot's tracing on the classpath.
 */
class PropagationInteropBootTracingTests {

	@ParameterizedTest
	@CsvSource({ "w3c, W3C", "b3, B3", "b3multi, B3_MULTI" })
	void bootCallerAndBootCalleeStayInCellosTrace(String celloFormat, String bootFormat) {
		List<String> bootOnly = List.of("cello.telemetry.enabled=false", "management.tracing.sampling.probability=1.0",
				"management.tracing.propagation.type=" + bootFormat, "spring.reactor.context-propagation=auto",
				"management.otlp.metrics.export.enabled=false");
		try (ChainOfServices services = new ChainOfServices(Map.of("a", bootOnly, "c", bootOnly),
				"cello.telemetry.propagation=" + celloFormat, "management.otlp.metrics.export.enabled=false")) {
			WebTestClient.bindToServer().baseUrl(services.entry()).build().get().uri("/chain").exchange()
				.expectStatus()
				.isOk();

			List<SpanData> spans = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(services::spans, (all) -> all.size() >= 5);
			assertThat(spans).hasSize(5);
			assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
			SpanData bootClient = ChainTracingTests.only(spans, SpanKind.CLIENT, "a");
			SpanData celloServer = ChainTracingTests.only(spans, SpanKind.SERVER, "b");
			SpanData celloClient = ChainTracingTests.only(spans, SpanKind.CLIENT, "b");
			SpanData bootServer = ChainTracingTests.only(spans, SpanKind.SERVER, "c");
			assertThat(bootClient.getInstrumentationScopeInfo().getName()).isNotEqualTo("io.cello.telemetry");
			assertThat(celloServer.getInstrumentationScopeInfo().getName()).isEqualTo("io.cello.telemetry");
			assertThat(celloServer.getParentSpanId()).isEqualTo(bootClient.getSpanId());
			assertThat(bootServer.getParentSpanId()).isEqualTo(celloClient.getSpanId());
		}
	}

}
