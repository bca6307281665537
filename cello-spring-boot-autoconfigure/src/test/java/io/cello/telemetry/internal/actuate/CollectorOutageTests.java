package io.cello.telemetry.internal.actuate;

import java.time.Duration;
import java.util.Map;

import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.PrometheusScrape;
import io.cello.telemetry.testsupport.TestApplications;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector is down (its port is closed): requests still succeed, liveness and
 * readiness stay UP, and the health details and metrics show the failed exports and the
 * dropped spans.
 */
class CollectorOutageTests {

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void requestsSucceedAndFailuresAreCountedWhileTheCollectorIsDown(String protocol) throws Exception {
		int closedPort = LocalServer.closedPort();
		try (ConfigurableApplicationContext app = TestApplications.builder(TracedTestApplication.class,
					"cello.telemetry.service-name=orders",
					"cello.telemetry.otlp-endpoint=http://127.0.0.1:" + closedPort,
					"cello.telemetry.protocol=" + protocol, "cello.telemetry.max-queue-size=4",
					"cello.telemetry.batch-size=2", "cello.telemetry.schedule-delay=50ms",
					"cello.telemetry.export-timeout=300ms")
			.run()) {
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl(LocalServer.baseUrl(app))
				.build();
			for (int i = 0; i < 40; i++) {
				client.get().uri("/users/" + i).exchange().expectStatus().isOk();
			}

			client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
			Map<String, Object> details = Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> MetricsAndHealthTests.telemetryDetails(client), (found) -> ((Number) found.get("consecutiveFailures")).intValue() > 0
						&& ((Number) found.get("spansDropped")).intValue() > 0);
			assertThat(details).containsEntry("state", "failing").containsKeys("lastFailure", "lastError");
			assertThat(details).doesNotContainKey("lastSuccess");

			String scrape = PrometheusScrape.scrape(client, PrometheusScrape.OPENMETRICS);
			assertThat(MetricsAndHealthTests.value(scrape, "cello_telemetry_export_failures_total")).isPositive();
			assertThat(MetricsAndHealthTests.value(scrape, "cello_telemetry_spans_failed_total")).isPositive();
			assertThat(MetricsAndHealthTests.value(scrape, "cello_telemetry_spans_dropped_total")).isPositive();
			assertThat(MetricsAndHealthTests.value(scrape, "cello_telemetry_spans_exported_total")).isZero();
			assertThat(MetricsAndHealthTests.value(scrape, "cello_telemetry_queue_size")).isBetween(0.0, 4.0);
		}
	}

}
