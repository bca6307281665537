package io.cello.telemetry.internal.actuate;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.testsupport.PrometheusScrape;
import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running application's Prometheus scrape and health, after real requests, with the
 * starter's defaults: nothing about Actuator is configured here.
 */
class MetricsAndHealthTests extends SharedApplicationTests {

	/** The default exporter, towards a collector that is not there. */
	@Override
	protected String[] properties() {
		return new String[] { "cello.telemetry.exporter=otlp", "cello.telemetry.schedule-delay=100ms" };
	}

	@Test
	void serverAndClientRequestsAreTimedOnceWithSpringsTagsAndTraceExemplars() {
		String before = scrape();
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/call/users/" + i).exchange().expectStatus().isOk();
		}
		this.client.get().uri("/fail").exchange().expectStatus().is5xxServerError();
		SpanData lastServer = this.spans.serverSpan("/call/users/2");
		this.spans.serverSpan("/fail");

		long calls = count(before, "http_server_requests_seconds_count", "uri=\"/call/users/{id}\"");
		String scrape = Awaitility.await()
			.until(this::scrape, (text) -> count(text, "http_server_requests_seconds_count",
					"uri=\"/call/users/{id}\"") == calls + 3 && text.contains("uri=\"/fail\""));
		assertThat(count(scrape, "http_server_requests_seconds_count", "uri=\"/users/{id}\"")).isGreaterThanOrEqualTo(3);
		assertThat(scrape).as("described as OpenTelemetry describes its HTTP durations")
			.contains("# HELP http_server_requests_seconds Duration of HTTP server requests.\n",
					"# HELP http_client_requests_seconds Duration of HTTP client requests.\n");
		assertThat(scrape).as("recorded by Cello's filters, not by Spring's observations")
			.doesNotContain("http_server_requests_active", "http_client_requests_active");
		assertThat(scrape).contains("http_server_requests_seconds_count{error=\"IllegalStateException\","
				+ "exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/fail\"} 1");
		assertThat(count(scrape, "http_client_requests_seconds_count", "client_name=\"127.0.0.1\",error=\"none\","
				+ "exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/users/{id}\""))
			.isGreaterThanOrEqualTo(3);

		List<String> exemplarTraces = PrometheusScrape.exemplarTraceIds(scrape,
				"http_server_requests_seconds_bucket", "uri=\"/call/users/{id}\"");
		assertThat(exemplarTraces).isNotEmpty();
		List<String> knownTraces = this.spans.all().stream().map(SpanData::getTraceId).distinct().toList();
		assertThat(knownTraces).containsAll(exemplarTraces);
		assertThat(PrometheusScrape.exemplarTraceIds(scrape, "http_server_requests_seconds_count", ""))
			.as("no exemplar on a _count, which Prometheus before 2.43 rejects with the whole scrape")
			.isEmpty();
		assertThat(lastServer.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(PrometheusScrape.exemplarTraceIds(scrape, "http_client_requests_seconds_bucket",
				"uri=\"/users/{id}\""))
			.isNotEmpty()
			.allSatisfy((traceId) -> assertThat(knownTraces).contains(traceId));
	}

	@Test
	void telemetrysOwnFiguresAreMetrics() {
		this.client.get().uri("/users/1").exchange().expectStatus().isOk();
		this.spans.serverSpan("/users/1");

		String scrape = scrape();
		for (String name : List.of("cello_telemetry_spans_started_total", "cello_telemetry_spans_exported_total",
				"cello_telemetry_spans_failed_total", "cello_telemetry_spans_dropped_total",
				"cello_telemetry_export_failures_total", "cello_telemetry_queue_size")) {
			assertThat(scrape).containsPattern("(?m)^" + name + "(\\{[^}]*})? [0-9.eE+-]+$");
		}
		assertThat(value(scrape, "cello_telemetry_spans_started_total")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void healthAndProbesAreExposedWithTheExportersState() {
		Map<String, Object> details = telemetryDetails(this.client);
		assertThat(details).containsEntry("exporter", "otlp")
			.containsEntry("endpoint", "http://localhost:4317")
			.containsKeys("state", "consecutiveFailures", "spansDropped", "queueSize");
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	/** The details of the {@code telemetry} health component, asserting it and the whole health are UP. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> telemetryDetails(WebTestClient client) {
		Map<String, Object> health = client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(health).containsEntry("status", "UP");
		Map<String, Object> telemetry = (Map<String, Object>) ((Map<String, Object>) health.get("components"))
			.get("telemetry");
		assertThat(telemetry).containsEntry("status", "UP");
		return (Map<String, Object>) telemetry.get("details");
	}

	/** {@code promtool check metrics} reads the Prometheus text format; it exits 3 for style (lint) remarks. */
	@Test
	void scrapeIsValidForPromtool() throws Exception {
		this.client.get().uri("/call/users/9").exchange().expectStatus().isOk();
		this.spans.serverSpan("/call/users/9");
		Path promtool = Path.of("/usr/bin/promtool");
		assertThat(promtool).as("promtool (Debian package 'prometheus', installed by .ci/run)").exists();
		String scrape = PrometheusScrape.scrape(this.client, PrometheusScrape.TEXT);
		assertThat(scrape).contains("cello_telemetry_spans_started_total", "http_server_requests_seconds_bucket");
		File file = Files.createTempFile("scrape", ".txt").toFile();
		Files.writeString(file.toPath(), scrape);
		Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file)
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes());
		assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isIn(0, 3);
		assertThat(output.lines()).as("promtool remarks").allSatisfy((line) -> {
			assertThat(line).matches("[a-z_]+ (no help text|metric names should not contain abbreviated units"
					+ "|non-histogram and non-summary metrics should not have \"_count\" suffix)");
			assertThat(line).doesNotStartWith("cello_");
		});
	}

	private String scrape() {
		return PrometheusScrape.scrape(this.client, PrometheusScrape.OPENMETRICS);
	}

	static long count(String scrape, String name, String label) {
		return (long) PrometheusScrape.sum(scrape, name, label);
	}

	static double value(String scrape, String name) {
		return PrometheusScrape.sum(scrape, name, "");
	}

}
