package io.cello.telemetry.internal.sampling;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.PrometheusScrape;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cello.telemetry.testsupport.OtlpTestReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cello.telemetry.sampling.*} in a real application exporting over OTLP to a real
 * receiver: what arrives is decoded from protobuf.
 */
class SamplingIntegrationTests {

	private static final int SAMPLED_FLAG = 0x01;

	@Test
	void tracesTheRateDroppedAreExportedWhenTheyEndInErrorOrAreSlow() throws Exception {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.http()) {
			// keep-errors is on by default
			ConfigurableApplicationContext app = start(receiver, "cello.telemetry.sampling-rate=0",
					"cello.telemetry.sampling.keep-slower-than=300ms");
			WebTestClient client = LocalServer.client(app);
			client.get().uri("/users/1").exchange().expectStatus().isOk();
			client.get().uri("/call/users/2").exchange().expectStatus().isOk();
			client.get().uri("/slow/10").exchange().expectStatus().isOk();
			client.get().uri("/fail").exchange().expectStatus().is5xxServerError();
			client.get().uri("/slow/400").exchange().expectStatus().isOk();
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> serverUrls(receiver).size() >= 2);
			String scrape = PrometheusScrape.scrape(client, PrometheusScrape.TEXT);
			app.close();

			assertThat(serverUrls(receiver)).containsExactlyInAnyOrder("/fail", "/slow/400");
			Span failed = serverSpan(receiver, "/fail");
			assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
			assertThat(attribute(failed.getAttributesList(), "http.status_code")).isEqualTo("500");
			assertThat(failed.getFlags() & SAMPLED_FLAG).as("exported as sampled").isEqualTo(SAMPLED_FLAG);
			assertThat(receiver.spans()).as("nothing of the traces that ended well")
				.allSatisfy((span) -> assertThat(attribute(span.getAttributesList(), "http.url"))
					.isIn("/fail", "/slow/400"));
			assertThat(value(scrape, "cello_telemetry_sampling_kept_total", "reason=\"error\"")).isEqualTo(1);
			assertThat(value(scrape, "cello_telemetry_sampling_kept_total", "reason=\"slow\"")).isEqualTo(1);
			assertThat(value(scrape, "cello_telemetry_sampling_buffered", "")).isZero();
		}
	}

	@Test
	void withoutAKeepRuleATraceTheRateDroppedIsNotExportedEvenOnError() throws Exception {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.http()) {
			ConfigurableApplicationContext app = start(receiver, "cello.telemetry.sampling-rate=0",
					"cello.telemetry.sampling.keep-errors=false");
			WebTestClient client = LocalServer.client(app);
			client.get().uri("/fail").exchange().expectStatus().is5xxServerError();
			client.get().uri("/slow/400").exchange().expectStatus().isOk();
			app.close();

			assertThat(receiver.spans()).isEmpty();
		}
	}

	@Test
	void maxTracesPerSecondCapsNewTracesButNotTracesSampledUpstream() throws Exception {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.http()) {
			ConfigurableApplicationContext app = start(receiver, "cello.telemetry.sampling.max-traces-per-second=1");
			WebTestClient client = LocalServer.client(app);
			long started = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				client.get().uri("/users/" + i).exchange().expectStatus().isOk();
			}
			long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
			String upstreamTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
			for (int i = 0; i < 3; i++) {
				client.get()
					.uri("/users/upstream-" + i)
					.header("traceparent", "00-" + upstreamTrace + "-00f067aa0ba902b7-01")
					.exchange()
					.expectStatus()
					.isOk();
			}
			String scrape = PrometheusScrape.scrape(client, PrometheusScrape.TEXT);
			app.close();

			List<Span> newTraces = receiver.spans()
				.stream()
				.filter((span) -> !attribute(span.getAttributesList(), "http.url").startsWith("/users/upstream-"))
				.toList();
			long limited = value(scrape, "cello_telemetry_sampling_rate_limited_total", "");
			assertThat(newTraces).hasSizeBetween(1, (int) (1 + elapsedSeconds + 1));
			assertThat(newTraces.size() + limited).isEqualTo(20);
			assertThat(receiver.spans()).filteredOn((span) -> span.getName().equals("GET /users/{id}"))
				.filteredOn((span) -> attribute(span.getAttributesList(), "http.url").startsWith("/users/upstream-"))
				.hasSize(3);
		}
	}

	private static ConfigurableApplicationContext start(OtlpTestReceiver receiver, String... properties) {
		return TestApplications.builder(TracedTestApplication.class, "cello.telemetry.service-name=orders",
					"cello.telemetry.otlp-endpoint=" + receiver.endpoint(), "cello.telemetry.protocol=http/protobuf",
					"cello.telemetry.schedule-delay=100ms")
			.properties(properties)
			.run();
	}

	private static List<String> serverUrls(OtlpTestReceiver receiver) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
			.map((span) -> attribute(span.getAttributesList(), "http.url"))
			.toList();
	}

	private static Span serverSpan(OtlpTestReceiver receiver, String url) {
		return receiver.spans()
			.stream()
			.filter((span) -> url.equals(attribute(span.getAttributesList(), "http.url")))
			.findFirst()
			.orElseThrow();
	}

	private static long value(String scrape, String name, String label) {
		assertThat(scrape).containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
		return (long) PrometheusScrape.sum(scrape, name, label);
	}

}
