package io.cello.telemetry.internal.export;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.TestApplications;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code zipkin} exporter posts Zipkin v2 JSON to the configured endpoint over the
 * JDK's HTTP client.
 */
class ZipkinExportIntegrationTests {

	@Test
	void spansArriveAsZipkinV2Json() throws Exception {
		List<JsonNode> received = new CopyOnWriteArrayList<>();
		HttpServer zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		zipkin.createContext("/api/v2/spans", (exchange) -> {
			InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
					? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
			for (JsonNode span : JsonMapper.shared().readTree(body.readAllBytes())) {
				received.add(span);
			}
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		zipkin.start();
		try (ConfigurableApplicationContext app = TestApplications.builder(TracedTestApplication.class,
					"cello.telemetry.service-name=orders",
					"cello.telemetry.exporter=zipkin", "cello.telemetry.schedule-delay=100ms",
					"cello.telemetry.zipkin-endpoint=http://127.0.0.1:" + zipkin.getAddress().getPort()
							+ "/api/v2/spans")
			.run()) {
			int port = LocalServer.port(app);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/9")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);

			JsonNode span = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
				.filter((candidate) -> "SERVER".equals(candidate.path("kind").asString()))
				.findFirst()
				.orElse(null), (found) -> found != null);
			assertThat(span.path("name").asString()).isEqualToIgnoringCase("GET /users/{id}");
			assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("orders");
			assertThat(span.path("tags").path("http.route").asString()).isEqualTo("/users/{id}");
			assertThat(span.path("tags").path("http.status_code").asString()).isEqualTo("200");
		}
		finally {
			zipkin.stop(0);
		}
	}

}
