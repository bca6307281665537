package io.cello.telemetry.internal.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static io.cello.telemetry.testsupport.OtlpTestReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application exporting over OTLP to a real receiver, over both transports: what
 * arrives is decoded from protobuf and checked.
 */
class OtlpExportIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void spansArriveWithResourceNamesAttributesAndHeadersInBatchesOfAtMostBatchSize(String protocol)
			throws Exception {
		try (OtlpTestReceiver receiver = receiver(protocol);
				ConfigurableApplicationContext app = start(receiver, protocol, "cello.telemetry.batch-size=2",
						"cello.telemetry.schedule-delay=100ms")) {
			for (int id = 1; id <= 5; id++) {
				get(app, "/users/" + id);
			}

			List<Span> spans = Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> serverSpans(receiver), (found) -> found.size() >= 5);

			assertThat(spans).extracting(Span::getName).containsOnly("GET /users/{id}");
			assertThat(spans).extracting(Span::getKind).containsOnly(Span.SpanKind.SPAN_KIND_SERVER);
			assertThat(spans).extracting((span) -> attribute(span.getAttributesList(), "http.url"))
				.containsExactlyInAnyOrder("/users/1", "/users/2", "/users/3", "/users/4", "/users/5");
			Span first = spans.get(0);
			assertThat(attribute(first.getAttributesList(), "http.method")).isEqualTo("GET");
			assertThat(attribute(first.getAttributesList(), "http.route")).isEqualTo("/users/{id}");
			assertThat(attribute(first.getAttributesList(), "http.status_code")).isEqualTo("200");
			assertThat(attribute(first.getAttributesList(), "service.name")).isEqualTo("orders");
			assertThat(first.getTraceId().size()).isEqualTo(16);

			for (ResourceSpans resourceSpans : receiver.resourceSpans()) {
				var resource = resourceSpans.getResource().getAttributesList();
				assertThat(attribute(resource, "service.name")).isEqualTo("orders");
				assertThat(attribute(resource, "service.version")).isEqualTo("3.1.4");
				assertThat(attribute(resource, "deployment.environment")).isEqualTo("test");
				assertThat(attribute(resource, "host.name")).isNotBlank();
				assertThat(attribute(resource, "telemetry.sdk.language")).isEqualTo("java");
				assertThat(resourceSpans.getScopeSpans(0).getScope().getName()).isEqualTo("io.cello.telemetry");
			}
			assertThat(receiver.requests()).hasSizeGreaterThanOrEqualTo(3)
				.allSatisfy((request) -> assertThat(OtlpTestReceiver.spanCount(request)).isBetween(1, 2));
			assertThat(receiver.headers()).allSatisfy((headers) -> assertThat(headers).containsEntry("x-api-key", "k-123"));
		}
	}

	@ParameterizedTest(name = "{0}, {1}")
	@CsvSource({ "grpc, gzip", "grpc, none", "http/protobuf, gzip", "http/protobuf, none" })
	void exportsAreGzipCompressedWhenAskedToAndPlainOtherwise(String protocol, String compression) throws Exception {
		try (OtlpTestReceiver receiver = receiver(protocol);
				ConfigurableApplicationContext app = start(receiver, protocol,
						"cello.telemetry.compression=" + compression, "cello.telemetry.schedule-delay=100ms")) {
			get(app, "/users/1");

			List<Span> spans = Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> serverSpans(receiver), (found) -> !found.isEmpty());

			assertThat(spans).extracting(Span::getName).containsExactly("GET /users/{id}");
			String encodingHeader = protocol.equals("grpc") ? "grpc-encoding" : "content-encoding";
			if (compression.equals("gzip")) {
				assertThat(receiver.headers())
					.allSatisfy((headers) -> assertThat(headers).containsEntry(encodingHeader, "gzip"));
			}
			else {
				assertThat(receiver.headers())
					.allSatisfy((headers) -> assertThat(headers).doesNotContainKey(encodingHeader));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void queuedSpansAreFlushedWhenTheApplicationStops(String protocol) throws Exception {
		try (OtlpTestReceiver receiver = receiver(protocol)) {
			ConfigurableApplicationContext app = start(receiver, protocol, "cello.telemetry.schedule-delay=1h");
			for (int id = 1; id <= 3; id++) {
				get(app, "/users/" + id);
			}
			BatchProcessorTelemetry processor = app.getBean(BatchProcessorTelemetry.class);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(processor::queueSize, (queued) -> queued == 3);
			assertThat(receiver.spans()).as("nothing is exported before the schedule delay").isEmpty();

			app.close();

			assertThat(serverSpans(receiver)).hasSize(3);
		}
	}

	private static OtlpTestReceiver receiver(String protocol) throws Exception {
		return protocol.equals("grpc") ? OtlpTestReceiver.grpc() : OtlpTestReceiver.http();
	}

	private static List<Span> serverSpans(OtlpTestReceiver receiver) {
		return receiver.spans().stream().filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
	}

	private static ConfigurableApplicationContext start(OtlpTestReceiver receiver, String protocol,
			String... extraProperties) {
		return TestApplications.builder(TracedTestApplication.class, "cello.telemetry.service-name=orders",
					"cello.telemetry.otlp-endpoint=" + receiver.endpoint(), "cello.telemetry.protocol=" + protocol,
					"cello.telemetry.headers[x-api-key]=k-123",
					"cello.telemetry.resource-attributes[service.version]=3.1.4",
					"cello.telemetry.resource-attributes[deployment.environment]=test")
			.properties(extraProperties)
			.run();
	}

	private void get(ConfigurableApplicationContext app, String path) throws Exception {
		int port = LocalServer.port(app);
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
