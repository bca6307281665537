package io.cello.telemetry.internal.actuate;

import java.util.List;

import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.PrometheusScrape;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request timers recorded by Spring's observations, as an application that turns them
 * back on gets them: their exemplars still belong to the requests' traces.
 */
@SpringBootTest(classes = TracedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "cello.telemetry.service-name=orders",
				"cello.telemetry.schedule-delay=100ms", "management.observations.enable.http.server.requests=true",
				"management.observations.enable.http.client.requests=true" })
class ObservationTimerExemplarsTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordedSpans spans;

	@Test
	void observedRequestsCarryTheirTracesAsExemplars() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		for (int i = 0; i < 3; i++) {
			client.get().uri("/call/users/" + i).exchange().expectStatus().isOk();
		}
		this.spans.serverSpan("/call/users/2");

		String scrape = Awaitility.await()
			.until(() -> PrometheusScrape.scrape(client, PrometheusScrape.OPENMETRICS),
					(text) -> text.contains("http_server_requests_active"));
		List<String> knownTraces = this.spans.all().stream().map(SpanData::getTraceId).distinct().toList();
		assertThat(PrometheusScrape.exemplarTraceIds(scrape, "http_server_requests_seconds_bucket",
				"uri=\"/call/users/{id}\""))
			.isNotEmpty()
			.allSatisfy((traceId) -> assertThat(knownTraces).contains(traceId));
		assertThat(PrometheusScrape.exemplarTraceIds(scrape, "http_client_requests_seconds_bucket",
				"uri=\"/users/{id}\""))
			.isNotEmpty()
			.allSatisfy((traceId) -> assertThat(knownTraces).contains(traceId));
	}

}
