package io.cello.telemetry.internal.actuate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.TestApplications;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code telemetry} health details name the cause of an export failure in words a
 * person can act on, for each way a real collector on 127.0.0.1 can fail, and the health
 * stays UP.
 */
class CollectorFaultHealthTests {

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "http/protobuf, HTTP 503: upstream overloaded", "grpc, UNAVAILABLE: upstream overloaded" })
	void theCollectorsErrorStatusIsShownWithTheStartOfItsAnswerAfterEveryAttempt(String protocol, String shown)
			throws Exception {
		try (OtlpTestReceiver receiver = protocol.equals("grpc") ? OtlpTestReceiver.grpc() : OtlpTestReceiver.http()) {
			receiver.failWith("upstream overloaded");
			assertThat(lastErrorExportingTo(receiver.endpoint(), protocol, "5s")).isEqualTo(shown);
			assertThat(receiver.faultyExports()).isEqualTo(3);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void refusedConnectionIsShownWithTheAddress(String protocol) throws Exception {
		int closedPort = LocalServer.closedPort();
		assertThat(lastErrorExportingTo("http://127.0.0.1:" + closedPort, protocol, "5s"))
			.isEqualTo("connection refused (127.0.0.1:" + closedPort + ")");
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void hangingCollectorIsShownAsNoAnswerWithinTheExportTimeout(String protocol) throws Exception {
		try (OtlpTestReceiver receiver = protocol.equals("grpc") ? OtlpTestReceiver.grpc()
				: OtlpTestReceiver.http()) {
			receiver.hang();
			String port = receiver.endpoint().substring(receiver.endpoint().lastIndexOf(':') + 1);
			assertThat(lastErrorExportingTo(receiver.endpoint(), protocol, "700ms"))
				.isEqualTo("no answer within 700ms (127.0.0.1:" + port + ")");
		}
	}

	@Test
	void zipkinErrorStatusAndRefusedConnectionAreShown() throws Exception {
		HttpServer zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		zipkin.createContext("/api/v2/spans", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			byte[] answer = "storage overloaded".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(503, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		zipkin.start();
		int port = zipkin.getAddress().getPort();
		try {
			assertThat(lastErrorExportingToZipkin(port)).isEqualTo("HTTP 503");
		}
		finally {
			zipkin.stop(0);
		}
		assertThat(lastErrorExportingToZipkin(port)).isEqualTo("connection refused (127.0.0.1:" + port + ")");
	}

	private static String lastErrorExportingToZipkin(int port) throws IOException {
		return lastError("cello.telemetry.exporter=zipkin",
				"cello.telemetry.zipkin-endpoint=http://127.0.0.1:" + port + "/api/v2/spans",
				"cello.telemetry.export-timeout=5s");
	}

	private static String lastErrorExportingTo(String endpoint, String protocol, String exportTimeout) {
		return lastError("cello.telemetry.otlp-endpoint=" + endpoint, "cello.telemetry.protocol=" + protocol,
				"cello.telemetry.export-timeout=" + exportTimeout);
	}

	/**
	 * Runs the traced application with the given export settings, makes one request, and
	 * returns the health details' {@code lastError} once an export has failed.
	 */
	private static String lastError(String... exportProperties) {
		try (ConfigurableApplicationContext app = TestApplications.builder(TracedTestApplication.class,
					"cello.telemetry.service-name=orders",
					"cello.telemetry.schedule-delay=50ms")
			.properties(exportProperties)
			.run()) {
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl(LocalServer.baseUrl(app))
				.responseTimeout(Duration.ofSeconds(10))
				.build();
			client.get().uri("/users/1").exchange().expectStatus().isOk();
			Map<String, Object> details = Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> MetricsAndHealthTests.telemetryDetails(client),
						(found) -> ((Number) found.get("consecutiveFailures")).intValue() > 0);
			assertThat(details).containsEntry("state", "failing");
			return (String) details.get("lastError");
		}
	}

}
