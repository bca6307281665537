package io.cello.telemetry.internal.export;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A collector's service connection, as Testcontainers' {@code @ServiceConnection} or
 * Docker Compose make it (an {@link OtlpTracingConnectionDetails} bean, which comes with
 * Spring Boot's tracing module): Cello exports there, in place of its configured endpoint,
 * as Spring Boot's own exporter would, and Spring Boot's exporter, which the connection
 * would otherwise bring up beside Cello's, backs off.
 */
class OtlpServiceConnectionBootTracingTests {

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void spansGoToTheServiceConnectionsCollector(String protocol) throws Exception {
		try (OtlpTestReceiver receiver = protocol.equals("grpc") ? OtlpTestReceiver.grpc() : OtlpTestReceiver.http();
				ConfigurableApplicationContext app = TestApplications
					.builder(TracedTestApplication.class, "cello.telemetry.service-name=orders",
							"cello.telemetry.protocol=" + protocol, "cello.telemetry.schedule-delay=100ms",
							"cello.telemetry.otlp-endpoint=http://127.0.0.1:" + LocalServer.closedPort(),
							"management.otlp.metrics.export.enabled=false")
					.initializers((context) -> ((GenericApplicationContext) context).registerBean(
							OtlpTracingConnectionDetails.class, () -> (transport) -> (transport == Transport.GRPC)
									? receiver.endpoint() : receiver.endpoint() + "/v1/traces"))
					.run()) {
			LocalServer.client(app).get().uri("/users/7").exchange().expectStatus().isOk();

			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> serverSpans(receiver), (found) -> !found.isEmpty());
			app.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
			assertThat(serverSpans(receiver)).as("exported once: Spring Boot's exporter backs off").hasSize(1);
			String endpoint = protocol.equals("grpc") ? receiver.endpoint() : receiver.endpoint() + "/v1/traces";
			LocalServer.client(app)
				.get()
				.uri("/actuator/health")
				.exchange()
				.expectBody()
				.jsonPath("$.components.telemetry.details.endpoint")
				.isEqualTo(endpoint);
		}
	}

	private static List<Span> serverSpans(OtlpTestReceiver receiver) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER && span.getName().equals("GET /users/{id}"))
			.toList();
	}

}
