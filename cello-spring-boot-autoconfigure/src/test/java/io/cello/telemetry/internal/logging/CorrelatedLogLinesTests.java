package io.cello.telemetry.internal.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a running application writes to the console for a request: the log line its
 * handler writes carries the request's trace ID, span ID and request ID in the form that
 * the guides' tools read, as text with the default pattern and as JSON fields with
 * Spring Boot's structured logging.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorrelatedLogLinesTests {

	/** The regex of Grafana's derived field in the guides. */
	private static final Pattern GRAFANA_DERIVED_FIELD = Pattern.compile("trace_id=([\\w]+)");

	@Test
	void defaultPatternShowsTheIdsAsKeyValuePairsThatGrafanaReads(CapturedOutput output) {
		try (ConfigurableApplicationContext app = TracedTestApplication.start()) {
			String traceResponse = LocalServer.client(app)
				.get()
				.uri("/log/text-1")
				.header("X-Request-ID", "req-text-1")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("traceresponse");
			SpanData span = app.getBean(RecordedSpans.class).serverSpan("/log/text-1");
			assertThat(traceResponse).contains(span.getTraceId());

			String line = lineContaining(output, "handled text-1");
			Matcher matcher = GRAFANA_DERIVED_FIELD.matcher(line);
			assertThat(matcher.find()).as(line).isTrue();
			assertThat(matcher.group(1)).isEqualTo(span.getTraceId());
			assertThat(line).contains("trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId()
					+ " request_id=req-text-1 ");

			LoggerFactory.getLogger(CorrelatedLogLinesTests.class).info("outside of any request");
			String outside = lineContaining(output, "outside of any request");
			assertThat(outside).doesNotContain("trace_id", "span_id", "request_id");
		}
	}

	@Test
	void excludedPathShowsItsRequestIdOnly(CapturedOutput output) {
		try (ConfigurableApplicationContext app = TracedTestApplication.start("cello.telemetry.exclude-paths=/log/quiet")) {
			LocalServer.client(app)
				.get()
				.uri("/log/quiet")
				.header("X-Request-ID", "req-quiet")
				.exchange()
				.expectStatus()
				.isOk();

			String line = lineContaining(output, "handled quiet");
			assertThat(line).contains(" request_id=req-quiet ").doesNotContain("trace_id", "span_id");
		}
	}

	@ParameterizedTest
	@CsvSource({ "ecs, trace_id, span_id, request_id", "logstash, trace_id, span_id, request_id",
			"gelf, _trace_id, _span_id, _request_id" })
	void structuredLoggingCarriesTheIdsAsJsonFields(String format, String traceField, String spanField,
			String requestField, CapturedOutput output) {
		try (ConfigurableApplicationContext app = TracedTestApplication.start(
				"logging.structured.format.console=" + format, "spring.application.name=orders")) {
			LocalServer.client(app)
				.get()
				.uri("/log/" + format)
				.header("X-Request-ID", "req-" + format)
				.exchange()
				.expectStatus()
				.isOk();
			SpanData span = app.getBean(RecordedSpans.class).serverSpan("/log/" + format);

			JsonNode line = JsonMapper.shared().readTree(lineContaining(output, "handled " + format));
			assertThat(line.path(traceField).asString()).isEqualTo(span.getTraceId());
			assertThat(line.path(spanField).asString()).isEqualTo(span.getSpanId());
			assertThat(line.path(requestField).asString()).isEqualTo("req-" + format);
		}
	}

	/** Spring Boot leaves the format in a system property, which the next application would read. */
	@AfterEach
	void clearStructuredFormat() {
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
	}

	private static String lineContaining(CapturedOutput output, String text) {
		return Awaitility.await()
			.until(() -> output.getOut().lines().filter((line) -> line.contains(text)).findFirst(),
					java.util.Optional::isPresent)
			.get();
	}

}
