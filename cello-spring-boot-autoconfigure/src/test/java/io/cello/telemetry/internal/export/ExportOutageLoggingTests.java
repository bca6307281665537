package io.cello.telemetry.internal.export;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.TestApplications;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through an outage of many export cycles against a real collector (OTLP over gRPC and
 * HTTP, Zipkin), requests keep succeeding, failed and dropped spans are counted, and the
 * log tells the outage once when it starts (cause and endpoint), in summaries while it
 * lasts and once when it ends (duration and totals); the SDK's processor and exporters
 * log none of their per-export lines. Export resumes when the collector returns.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExportOutageLoggingTests {

	private static final String START = "is failing: ";

	private static final String SUMMARY = "still failing after ";

	private static final String RECOVERY = "recovered after ";

	@ParameterizedTest(name = "{0}, {1}")
	@CsvSource({ "http/protobuf, fail", "grpc, fail", "http/protobuf, hang", "grpc, hang" })
	void otlpOutageIsToldOnceAtItsStartInSummariesAndOnceAtItsEnd(String protocol, String fault,
			CapturedOutput output) throws Exception {
		try (OtlpTestReceiver receiver = protocol.equals("grpc") ? OtlpTestReceiver.grpc()
				: OtlpTestReceiver.http()) {
			String expectedCause;
			String exportTimeout = "3s";
			if (fault.equals("fail")) {
				receiver.failWith("upstream overloaded");
				expectedCause = protocol.equals("grpc") ? "UNAVAILABLE: upstream overloaded"
						: "HTTP 503: upstream overloaded";
			}
			else {
				receiver.hang();
				exportTimeout = "500ms";
				expectedCause = "no answer within 500ms";
			}
			String endpoint = protocol.equals("grpc") ? receiver.endpoint() : receiver.endpoint() + "/v1/traces";
			try (ConfigurableApplicationContext app = run("cello.telemetry.otlp-endpoint=" + receiver.endpoint(),
					"cello.telemetry.protocol=" + protocol, "cello.telemetry.export-timeout=" + exportTimeout)) {
				runOutage(app, output, receiver::recover, () -> !receiver.spans().isEmpty());
			}
			assertOutageLines(output, endpoint, expectedCause);
			assertThat(receiver.faultyExports()).isPositive();
		}
	}

	@Test
	void zipkinOutageIsToldOnceAtItsStartInSummariesAndOnceAtItsEnd(CapturedOutput output) throws Exception {
		AtomicBoolean failing = new AtomicBoolean(true);
		AtomicInteger received = new AtomicInteger();
		HttpServer zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		zipkin.createContext("/api/v2/spans", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			if (failing.get()) {
				// Slow to fail, as an overloaded server is: the queue overflows meanwhile.
				pause(Duration.ofMillis(300));
				byte[] answer = "storage overloaded".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(503, answer.length);
				exchange.getResponseBody().write(answer);
			}
			else {
				received.incrementAndGet();
				exchange.sendResponseHeaders(202, -1);
			}
			exchange.close();
		});
		zipkin.start();
		String endpoint = "http://127.0.0.1:" + zipkin.getAddress().getPort() + "/api/v2/spans";
		try (ConfigurableApplicationContext app = run("cello.telemetry.exporter=zipkin",
				"cello.telemetry.zipkin-endpoint=" + endpoint, "cello.telemetry.export-timeout=3s")) {
			runOutage(app, output, () -> failing.set(false), () -> received.get() > 0);
		}
		finally {
			zipkin.stop(0);
		}
		assertOutageLines(output, endpoint, "HTTP 503");
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ConfigurableApplicationContext run(String... exportProperties) {
		return TestApplications.builder(TracedTestApplication.class, "cello.telemetry.service-name=orders",
					"cello.telemetry.max-queue-size=4", "cello.telemetry.batch-size=2",
					"cello.telemetry.schedule-delay=50ms")
			.properties(exportProperties)
			.run();
	}

	/**
	 * Sends requests through an outage until it has been summarised twice with spans
	 * dropped, lets the collector recover and sends requests until export resumes.
	 */
	private static void runOutage(ConfigurableApplicationContext app, CapturedOutput output, Runnable recover,
			BooleanSupplier exportResumed) {
		app.getBean(ExportOutageLog.class).summaryInterval(Duration.ofMillis(700));
		ExportStatistics statistics = app.getBean(ExportStatistics.class);
		BatchProcessorTelemetry processor = app.getBean(BatchProcessorTelemetry.class);
		WebTestClient client = WebTestClient.bindToServer().baseUrl(LocalServer.baseUrl(app)).build();
		AtomicInteger request = new AtomicInteger();
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			client.get().uri("/users/" + request.incrementAndGet()).exchange().expectStatus().isOk();
			return lines(output, SUMMARY).size() >= 2 && processor.droppedSpans() > 0
					&& statistics.spansFailed() > 0;
		});
		assertThat(statistics.spansExported()).isZero();
		recover.run();
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			client.get().uri("/users/" + request.incrementAndGet()).exchange().expectStatus().isOk();
			return exportResumed.getAsBoolean() && !lines(output, RECOVERY).isEmpty();
		});
		assertThat(statistics.spansExported()).isPositive();
	}

	private static void assertOutageLines(CapturedOutput output, String endpoint, String cause) {
		List<String> starts = lines(output, START);
		assertThat(starts).singleElement()
			.asString()
			.contains(" WARN ", "Span export to " + endpoint + " is failing: " + cause);
		List<String> summaries = lines(output, SUMMARY);
		assertThat(summaries).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((summary) -> assertThat(summary).contains(" WARN ", "Span export to " + endpoint, cause)
				.containsPattern("Since the last summary \\d+ spans failed and \\d+ were dropped; "
						+ "since the outage began \\d+ failed and \\d+ dropped"));
		assertThat(summaries).anySatisfy((summary) -> assertThat(summary).doesNotContain("and 0 dropped."));
		List<String> recoveries = lines(output, RECOVERY);
		assertThat(recoveries).singleElement()
			.asString()
			.contains(" INFO ", "Span export to " + endpoint + " recovered after ")
			.containsPattern("During the outage [1-9]\\d* spans failed and [1-9]\\d* were dropped");
		assertThat(output.getAll()).doesNotContain("BatchSpanProcessor dropped", "Failed to export",
				"Too many log messages");
	}

	private static List<String> lines(CapturedOutput output, String containing) {
		return Arrays.stream(output.getAll().split("\\R")).filter((line) -> line.contains(containing)).toList();
	}

}
