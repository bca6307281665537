package io.cello.telemetry.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every bad value stops startup with a message naming the property, the value and what is
 * allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class CelloTelemetryPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sampling-rate   | 1.5                | samplingRate   | 1.5                | must be between 0.0 and 1.0
			sampling-rate   | -0.1               | samplingRate   | -0.1               | must be between 0.0 and 1.0
			propagation     | zipkin             | propagation    | [zipkin]           | 'zipkin' is not one of 'w3c', 'b3', 'b3multi', 'jaeger'
			propagation     | w3c,xray           | propagation    | [w3c, xray]        | 'xray' is not one of 'w3c', 'b3', 'b3multi', 'jaeger'
			otlp-endpoint   | collector:4317     | otlpEndpoint   | collector:4317     | must start with http:// or https://
			otlp-endpoint   | http://bad host:1  | otlpEndpoint   | http://bad host:1  | must not contain spaces
			otlp-endpoint   | http://c:99999     | otlpEndpoint   | http://c:99999     | has an invalid port; expected an http:// or https:// URL
			otlp-endpoint   | http//collector    | otlpEndpoint   | http//collector    | must start with http:// or https://
			otlp-traces-endpoint | grpc://c:4317 | otlpTracesEndpoint | grpc://c:4317  | must start with http:// or https://
			otlp-traces-endpoint | http://c:port/v1/traces | otlpTracesEndpoint | http://c:port/v1/traces | has an invalid port
			otlp-endpoint   | http:///v1/traces  | otlpEndpoint   | http:///v1/traces  | has no host
			zipkin-endpoint | ftp://zipkin/spans | zipkinEndpoint | ftp://zipkin/spans | must start with http:// or https://
			batch-size      | 0                  | batchSize      | 0                  | must be at least 1
			batch-size      | 4096               | batchSize      | 4096               | must not exceed cello.telemetry.max-queue-size (2048)
			max-queue-size  | 0                  | maxQueueSize   | 0                  | must be at least 1
			max-concurrent-exports | 0           | maxConcurrentExports | 0            | must be at least 1
			export-timeout  | 0                  | exportTimeout  | PT0S               | must be a positive duration
			schedule-delay  | -5                 | scheduleDelay  | PT-0.005S          | must be a positive duration
			protocol        | http/json          | protocol       | http/json          | must be one of 'grpc', 'http/protobuf'
			compression     | zstd               | compression    | zstd               | must be one of 'none', 'gzip'
			ssl.client-key  | /etc/otel/key.pem  | ssl.clientKey  | /etc/otel/key.pem  | is only half of mutual TLS: set both cello.telemetry.ssl.client-key and cello.telemetry.ssl.client-certificate
			ssl.client-certificate | /etc/otel/client.pem | ssl.clientCertificate | /etc/otel/client.pem | is only half of mutual TLS
			exporter        | jaeger             | exporter       | jaeger             | must be one of 'otlp', 'zipkin', 'logging', 'none'
			semconv         | latest             | semconv        | latest             | must be one of 'cello', 'stable', 'both'
			exclude-paths   | /a/**/b/**         | excludePaths   | [/a/**/b/**]       | is not a valid path pattern
			request-id.header | X Request        | requestId.header | X Request        | must be an HTTP header name
			sampling.max-traces-per-second | 0   | sampling.maxTracesPerSecond | 0.0   | must be a number greater than 0
			sampling.max-traces-per-second | -2  | sampling.maxTracesPerSecond | -2.0  | must be a number greater than 0
			sampling.keep-slower-than | 0        | sampling.keepSlowerThan | PT0S      | must be a positive duration
			sampling.keep-slower-than | -1s      | sampling.keepSlowerThan | PT-1S     | must be a positive duration
			sampling.max-buffered-spans | 0      | sampling.maxBufferedSpans | 0       | must be at least 1
			""")
	void badValueFailsStartupNamingPropertyValueAndWhatIsAllowed(String property, String value, String field,
			String shownValue, String reason, CapturedOutput output) {
		SpringApplication application = new SpringApplicationBuilder(TelemetryOnly.class).web(WebApplicationType.NONE)
			.properties("cello.telemetry.service-name=checkout", "cello.telemetry." + property + "=" + value)
			.build();

		assertThatException().isThrownBy(application::run)
			.havingRootCause()
			.isInstanceOf(BindValidationException.class)
			.satisfies((failure) -> assertThat(((BindValidationException) failure).getValidationErrors().getAllErrors())
				.singleElement()
				.satisfies((error) -> assertThat(((FieldError) error).getField()).isEqualTo(field)));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cello.telemetry." + field)
			.contains("Value: \"" + shownValue + "\"")
			.contains("Reason: ")
			.contains(reason);
		if (!property.contains(".")) {
			// Spring Boot finds the origin of top-level properties only.
			assertThat(output).contains("Origin: \"cello.telemetry." + property + "\"");
		}
	}

	@Test
	void missingServiceNameFailsStartupSayingWhereToSetIt() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException failure = findCause(context.getStartupFailure(), BindValidationException.class);
			assertThat(failure.getMessage()).contains("serviceName")
				.contains("cello.telemetry.service-name, spring.application.name or the OTEL_SERVICE_NAME");
		});
	}

	@Test
	void sslBundleAndPemFilesTogetherFailStartupSayingToChooseOne(CapturedOutput output) {
		SpringApplication application = new SpringApplicationBuilder(TelemetryOnly.class).web(WebApplicationType.NONE)
			.properties("cello.telemetry.service-name=checkout", "cello.telemetry.ssl.bundle=collector",
					"cello.telemetry.ssl.certificate=/etc/otel/ca.pem")
			.build();

		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("Property: cello.telemetry.ssl.bundle")
			.contains("Value: \"collector\"")
			.contains("cannot be combined with cello.telemetry.ssl.certificate, client-key or client-certificate")
			.contains("choose either the SSL bundle or the PEM files");
	}

	@Test
	void severalBadValuesAreAllReported() {
		this.runner
			.withPropertyValues("cello.telemetry.service-name=checkout", "cello.telemetry.sampling-rate=2",
					"cello.telemetry.protocol=udp")
			.run((context) -> {
				BindValidationException failure = findCause(context.getStartupFailure(), BindValidationException.class);
				assertThat(failure.getValidationErrors().getAllErrors()).hasSize(2);
			});
	}

	@Test
	void disabledTelemetryIsNotValidated() {
		this.runner.withPropertyValues("cello.telemetry.enabled=false", "cello.telemetry.sampling-rate=7")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void valuesAreMatchedIgnoringCase() {
		this.runner
			.withPropertyValues("cello.telemetry.service-name=checkout", "cello.telemetry.propagation=W3C, B3",
					"cello.telemetry.exporter=NONE", "cello.telemetry.semconv=Both")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(CelloTelemetryAutoConfiguration.class)
	static class TelemetryOnly {

	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

}
