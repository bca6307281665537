package io.cello.telemetry.internal.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.cello.telemetry.autoconfigure.SimulatedEnvironmentVariables;
import io.cello.telemetry.internal.server.TracedTestApplication;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.cello.telemetry.testsupport.TestApplications;
import io.cello.telemetry.testsupport.TestCertificates;
import io.opentelemetry.proto.trace.v1.Span;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application exporting over OTLP to a real receiver over TLS, with certificates
 * generated for the test: trust from the {@code OTEL_EXPORTER_OTLP_*} variables or from an
 * SSL bundle, mutual TLS accepted with a client certificate and refused without one, and
 * an untrusted collector refused. Over both transports.
 */
class OtlpTlsExportIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path directory;

	private TestCertificates certificates;

	@BeforeEach
	void generateCertificates() throws Exception {
		this.certificates = TestCertificates.generate(Files.createDirectory(this.directory.resolve("trusted")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void spansArriveOverTlsTrustingTheCaCertificatesOfTheVariable(String protocol) throws Exception {
		try (OtlpTestReceiver receiver = receiver(protocol, this.certificates, false);
				ConfigurableApplicationContext app = start(receiver, protocol,
						Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", this.certificates.caCertificate().toString()))) {
			get(app, "/users/1");

			assertThat(awaitServerSpans(receiver)).extracting(Span::getName).containsExactly("GET /users/{id}");
			assertThat(app.getBean(ExportStatistics.class).exportFailures()).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void mutualTlsWithTheClientKeyAndCertificateOfTheVariablesIsAcceptedAndRefusedWithout(String protocol)
			throws Exception {
		String ca = this.certificates.caCertificate().toString();
		try (OtlpTestReceiver receiver = receiver(protocol, this.certificates, true)) {
			assertOnlyTheExportWithTheClientKeyArrives(receiver,
					() -> start(receiver, protocol,
							Map.of("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", ca, "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY",
									this.certificates.clientKey().toString(),
									"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE",
									this.certificates.clientCertificate().toString())),
					() -> start(receiver, protocol, Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", ca)));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void mutualTlsWithAnSslBundleIsAcceptedAndRefusedWithoutItsKey(String protocol) throws Exception {
		String ca = this.certificates.caCertificate().toUri().toString();
		try (OtlpTestReceiver receiver = receiver(protocol, this.certificates, true)) {
			assertOnlyTheExportWithTheClientKeyArrives(receiver,
					() -> start(receiver, protocol, Map.of(),
							"spring.ssl.bundle.pem.collector.truststore.certificate=" + ca,
							"spring.ssl.bundle.pem.collector.keystore.certificate="
									+ this.certificates.clientCertificate().toUri(),
							"spring.ssl.bundle.pem.collector.keystore.private-key="
									+ this.certificates.clientKey().toUri(),
							"cello.telemetry.ssl.bundle=collector"),
					() -> start(receiver, protocol, Map.of(),
							"spring.ssl.bundle.pem.collector.truststore.certificate=" + ca,
							"cello.telemetry.ssl.bundle=collector"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void aCollectorWhoseCertificateIsNotSignedByATrustedCaIsRefused(String protocol) throws Exception {
		TestCertificates untrusted = TestCertificates.generate(Files.createDirectory(this.directory.resolve("other")));
		try (OtlpTestReceiver receiver = receiver(protocol, untrusted, false);
				ConfigurableApplicationContext app = start(receiver, protocol,
						Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", this.certificates.caCertificate().toString()))) {
			get(app, "/users/1");

			assertExportFails(app);
			assertThat(receiver.requests()).isEmpty();
		}
	}

	private static OtlpTestReceiver receiver(String protocol, TestCertificates certificates,
			boolean clientCertificateRequired) throws Exception {
		return protocol.equals("grpc") ? OtlpTestReceiver.grpcTls(certificates, clientCertificateRequired)
				: OtlpTestReceiver.https(certificates, clientCertificateRequired);
	}

	private static ConfigurableApplicationContext start(OtlpTestReceiver receiver, String protocol,
			Map<String, String> variables, String... properties) {
		return TestApplications.builder(TracedTestApplication.class, "cello.telemetry.service-name=orders",
					"cello.telemetry.otlp-endpoint=" + receiver.endpoint(), "cello.telemetry.protocol=" + protocol,
					"cello.telemetry.schedule-delay=100ms", "cello.telemetry.export-timeout=3s")
			.properties(properties)
			.listeners(new SimulatedEnvironmentVariables(variables))
			.run();
	}

	/**
	 * The application that {@code withKey} starts exports to the receiver, which asks for a
	 * client certificate; the one that {@code withoutKey} starts fails to.
	 */
	private void assertOnlyTheExportWithTheClientKeyArrives(OtlpTestReceiver receiver,
			Supplier<ConfigurableApplicationContext> withKey, Supplier<ConfigurableApplicationContext> withoutKey)
			throws Exception {
		try (ConfigurableApplicationContext app = withKey.get()) {
			get(app, "/users/1");
			assertThat(awaitServerSpans(receiver)).hasSize(1);
		}
		try (ConfigurableApplicationContext app = withoutKey.get()) {
			get(app, "/users/2");
			assertExportFails(app);
			assertThat(serverSpans(receiver)).as("only the export with a client certificate arrived").hasSize(1);
		}
	}

	private static void assertExportFails(ConfigurableApplicationContext app) {
		ExportStatistics statistics = app.getBean(ExportStatistics.class);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> statistics.exportFailures() >= 1);
		assertThat(statistics.spansExported()).isZero();
	}

	private static List<Span> awaitServerSpans(OtlpTestReceiver receiver) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> serverSpans(receiver), (found) -> !found.isEmpty());
	}

	private static List<Span> serverSpans(OtlpTestReceiver receiver) {
		return receiver.spans().stream().filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
	}

	private void get(ConfigurableApplicationContext app, String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(LocalServer.baseUrl(app) + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
