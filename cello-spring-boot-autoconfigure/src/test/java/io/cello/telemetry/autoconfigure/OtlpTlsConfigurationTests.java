package io.cello.telemetry.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.cello.telemetry.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * TLS settings of the OTLP exporter that cannot be used stop startup with a message naming
 * the property, its value and, for an {@code OTEL_*} variable, the variable.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpTlsConfigurationTests {

	@TempDir
	Path directory;

	@Test
	void usableFilesAndBundleCreateTheExporter() throws Exception {
		TestCertificates certificates = TestCertificates.generate(this.directory);
		try (ConfigurableApplicationContext context = application(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE",
				certificates.caCertificate().toString(), "OTEL_EXPORTER_OTLP_CLIENT_KEY",
				certificates.clientKey().toString(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
				certificates.clientCertificate().toString()))
			.run()) {
			assertThat(context.getBean(CelloTelemetryProperties.class).getSsl().getClientKey())
				.isEqualTo(certificates.clientKey().toString());
		}
		try (ConfigurableApplicationContext context = application(Map.of())
			.properties("spring.ssl.bundle.pem.collector.truststore.certificate="
					+ certificates.caCertificate().toUri(), "cello.telemetry.ssl.bundle=collector")
			.run()) {
			assertThat(context.getBean(CelloTelemetryProperties.class).getSsl().getBundle()).isEqualTo("collector");
		}
	}

	@Test
	void unreadableCertificateFileFailsStartupNamingTheVariableAndThePath(CapturedOutput output) {
		Path missing = this.directory.resolve("missing-ca.pem");

		assertThatException()
			.isThrownBy(() -> application(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", missing.toString())).run());

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '" + missing + "' for configuration property 'cello.telemetry.ssl.certificate'")
			.contains("System Environment Property \"OTEL_EXPORTER_OTLP_CERTIFICATE\"")
			.contains("the file cannot be read");
	}

	@Test
	void unreadableClientKeyFileFailsStartupNamingTheVariableAndThePath(CapturedOutput output) throws Exception {
		TestCertificates certificates = TestCertificates.generate(this.directory);
		Path missing = this.directory.resolve("missing-key.pem");

		assertThatException()
			.isThrownBy(() -> application(Map.of("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", missing.toString(),
					"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", certificates.clientCertificate().toString()))
				.run());

		assertThat(output)
			.contains("Invalid value '" + missing + "' for configuration property 'cello.telemetry.ssl.client-key'")
			.contains("System Environment Property \"OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY\"")
			.contains("the file cannot be read");
	}

	@Test
	void certificateFileThatIsNotPemFailsStartupNamingThePropertyAndThePath(CapturedOutput output) throws Exception {
		Path notPem = Files.writeString(this.directory.resolve("ca.pem"), "not a certificate");

		assertThatException().isThrownBy(
				() -> application(Map.of()).properties("cello.telemetry.ssl.certificate=" + notPem).run());

		assertThat(output)
			.contains("Invalid value '" + notPem + "' for configuration property 'cello.telemetry.ssl.certificate'")
			.contains("expected a PEM file of CA certificates");
	}

	@Test
	void unknownSslBundleFailsStartupNamingThePropertyAndTheBundle(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> application(Map.of()).properties("cello.telemetry.ssl.bundle=collector").run());

		assertThat(output)
			.contains("Invalid value 'collector' for configuration property 'cello.telemetry.ssl.bundle'")
			.contains("there is no SSL bundle of that name; define it under spring.ssl.bundle.pem.collector or "
					+ "spring.ssl.bundle.jks.collector");
	}

	private static SpringApplicationBuilder application(Map<String, String> variables) {
		return new SpringApplicationBuilder(TelemetryWithSslBundles.class).web(WebApplicationType.NONE)
			.properties("cello.telemetry.service-name=checkout", "cello.telemetry.otlp-endpoint=https://127.0.0.1:4317")
			.listeners(new SimulatedEnvironmentVariables(variables));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, CelloTelemetryAutoConfiguration.class })
	static class TelemetryWithSslBundles {

	}

}
