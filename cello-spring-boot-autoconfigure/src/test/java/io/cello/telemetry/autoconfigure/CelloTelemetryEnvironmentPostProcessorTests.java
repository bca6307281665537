package io.cello.telemetry.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

class CelloTelemetryEnvironmentPostProcessorTests {

	private final Map<String, String> variables = new HashMap<>();

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void otelVariablesBecomeCelloProperties() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr%20t, x-tenant=acme");
		this.variables.put("OTEL_RESOURCE_ATTRIBUTES", "service.version=2.0.1,deployment.environment=prod");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.2");
		this.variables.put("OTEL_PROPAGATORS", "tracecontext,baggage,b3multi,jaeger");
		this.variables.put("OTEL_TRACES_EXPORTER", "console");
		this.variables.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "100");
		this.variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "1000");
		this.variables.put("OTEL_BSP_MAX_CONCURRENT_EXPORTS", "4");
		this.variables.put("OTEL_BSP_EXPORT_TIMEOUT", "3000");
		this.variables.put("OTEL_BSP_SCHEDULE_DELAY", "200");
		this.variables.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans");

		CelloTelemetryProperties properties = bind();

		assertThat(properties.getOtlpEndpoint()).isEqualTo("http://collector:4318");
		assertThat(properties.getProtocol()).isEqualTo("http/protobuf");
		assertThat(properties.resolvedOtlpEndpoint()).hasToString("http://collector:4318/v1/traces");
		assertThat(properties.getHeaders()).containsEntry("api-key", "s3cr t").containsEntry("x-tenant", "acme");
		assertThat(properties.getResourceAttributes()).containsEntry("service.version", "2.0.1")
			.containsEntry("deployment.environment", "prod");
		assertThat(properties.getSamplingRate()).isEqualTo(0.2);
		assertThat(properties.getPropagation()).containsExactly("w3c", "b3multi", "jaeger");
		assertThat(properties.getExporter()).isEqualTo("logging");
		assertThat(properties.getBatchSize()).isEqualTo(100);
		assertThat(properties.getMaxQueueSize()).isEqualTo(1000);
		assertThat(properties.getMaxConcurrentExports()).isEqualTo(4);
		assertThat(properties.getExportTimeout()).hasMillis(3000);
		assertThat(properties.getScheduleDelay()).hasMillis(200);
		assertThat(properties.getZipkinEndpoint()).isEqualTo("http://zipkin:9411/api/v2/spans");
	}

	@Test
	void signalSpecificVariablesWinOverGeneralOnes() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4317");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4317");
		assertThat(bind().getOtlpEndpoint()).isEqualTo("http://traces:4317");
	}

	@Test
	void compressionAndTlsFilesComeFromTheirVariablesTheTracesFormsWinning() {
		this.variables.put("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "gzip");
		this.variables.put("OTEL_EXPORTER_OTLP_CERTIFICATE", "/etc/otel/ca.pem");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/etc/otel/traces-ca.pem");
		this.variables.put("OTEL_EXPORTER_OTLP_CLIENT_KEY", "/etc/otel/client-key.pem");
		this.variables.put("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/etc/otel/client.pem");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "/etc/otel/traces-client.pem");

		CelloTelemetryProperties properties = bind();

		assertThat(properties.getCompression()).isEqualTo("gzip");
		assertThat(properties.getSsl().getCertificate()).isEqualTo("/etc/otel/traces-ca.pem");
		assertThat(properties.getSsl().getClientKey()).isEqualTo("/etc/otel/client-key.pem");
		assertThat(properties.getSsl().getClientCertificate()).isEqualTo("/etc/otel/traces-client.pem");
		assertThat(properties.getSsl().getBundle()).isNull();

		this.variables.remove("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION");
		assertThat(bind().getCompression()).isEqualTo("none");
	}

	@Test
	void explicitCelloPropertiesWinOverOtelVariables() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4317");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.2");
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("cello.telemetry.otlp-endpoint", "http://from-yaml:4317")));

		CelloTelemetryProperties properties = bind();

		assertThat(properties.getOtlpEndpoint()).isEqualTo("http://from-yaml:4317");
		assertThat(properties.getSamplingRate()).isEqualTo(0.2);
	}

	@Test
	void sdkDisabledVariableDisablesCello() {
		this.variables.put("OTEL_SDK_DISABLED", "true");
		assertThat(bind().isEnabled()).isFalse();
		assertThat(this.environment.getPropertySources().contains(CelloTelemetryEnvironmentPostProcessor.DEFAULTS_SOURCE))
			.as("no defaults are added for a disabled starter")
			.isFalse();
	}

	@Test
	void leavesReactorsContextPropagationModeToTheApplication() {
		postProcess();
		assertThat(this.environment.getProperty("spring.reactor.context-propagation"))
			.as("Cello carries the request's context itself; Reactor's automatic mode stays the application's choice")
			.isNull();
	}

	@Test
	void exposesHealthAndPrometheusUnlessTheApplicationSaysOtherwise() {
		postProcess();
		assertThat(this.environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,prometheus");
		assertThat(this.environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(this.environment.getProperty("management.endpoint.health.show-details")).isEqualTo("always");
		assertThat(this.environment
			.getProperty("management.metrics.distribution.percentiles-histogram.http.server.requests")).isEqualTo("true");

		StandardEnvironment own = new StandardEnvironment();
		own.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("management.endpoints.web.exposure.include", "info")));
		new CelloTelemetryEnvironmentPostProcessor(logFactory(), this.variables::get).postProcessEnvironment(own, null);
		assertThat(own.getProperty("management.endpoints.web.exposure.include")).isEqualTo("info");

		StandardEnvironment optedOut = new StandardEnvironment();
		optedOut.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("cello.telemetry.actuator-defaults", "false")));
		new CelloTelemetryEnvironmentPostProcessor(logFactory(), this.variables::get).postProcessEnvironment(optedOut,
				null);
		assertThat(optedOut.getProperty("management.endpoints.web.exposure.include")).isNull();
		assertThat(optedOut.getProperty("logging.pattern.correlation"))
			.isEqualTo(CelloTelemetryEnvironmentPostProcessor.CORRELATION_PATTERN);
	}

	@Test
	void badVariableIsReportedUnderItsOwnName() {
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "3");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=checkout")
			.withInitializer((context) -> new CelloTelemetryEnvironmentPostProcessor(logFactory(), this.variables::get)
				.postProcessEnvironment(context.getEnvironment(), null))
			.run((context) -> {
				BindValidationException failure = CelloTelemetryPropertiesValidationTests
					.findCause(context.getStartupFailure(), BindValidationException.class);
				FieldError error = (FieldError) failure.getValidationErrors().getAllErrors().get(0);
				assertThat(error.getField()).isEqualTo("samplingRate");
				assertThat(Origin.from(error)).hasToString("System Environment Property \"OTEL_TRACES_SAMPLER_ARG\"");
			});
	}

	@Test
	void badCompressionVariableIsReportedUnderItsOwnName() {
		this.variables.put("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=checkout")
			.withInitializer((context) -> new CelloTelemetryEnvironmentPostProcessor(logFactory(), this.variables::get)
				.postProcessEnvironment(context.getEnvironment(), null))
			.run((context) -> {
				BindValidationException failure = CelloTelemetryPropertiesValidationTests
					.findCause(context.getStartupFailure(), BindValidationException.class);
				FieldError error = (FieldError) failure.getValidationErrors().getAllErrors().get(0);
				assertThat(error.getField()).isEqualTo("compression");
				assertThat(error.getRejectedValue()).isEqualTo("zstd");
				assertThat(error.getDefaultMessage()).isEqualTo("must be one of 'none', 'gzip'");
				assertThat(Origin.from(error))
					.hasToString("System Environment Property \"OTEL_EXPORTER_OTLP_COMPRESSION\"");
			});
	}

	@Test
	void unsupportedPropagatorsAreIgnored() {
		this.variables.put("OTEL_PROPAGATORS", "xray,tracecontext");
		assertThat(bind().getPropagation()).containsExactly("w3c");
	}

	@Test
	void serviceNameComesFromApplicationNameThenOtelServiceName() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class));
		runner.withPropertyValues("spring.application.name=from-spring", "OTEL_SERVICE_NAME=from-otel")
			.run((context) -> assertThat(context.getBean(CelloTelemetryProperties.class).resolvedServiceName())
				.isEqualTo("from-spring"));
		runner.withPropertyValues("OTEL_SERVICE_NAME=from-otel")
			.run((context) -> assertThat(context.getBean(CelloTelemetryProperties.class).resolvedServiceName())
				.isEqualTo("from-otel"));
		runner
			.withPropertyValues("cello.telemetry.service-name=explicit", "spring.application.name=from-spring",
					"OTEL_SERVICE_NAME=from-otel")
			.run((context) -> assertThat(context.getBean(CelloTelemetryProperties.class).resolvedServiceName())
				.isEqualTo("explicit"));
	}

	private CelloTelemetryProperties bind() {
		postProcess();
		return Binder.get(this.environment)
			.bindOrCreate("cello.telemetry", Bindable.of(CelloTelemetryProperties.class));
	}

	private void postProcess() {
		new CelloTelemetryEnvironmentPostProcessor(logFactory(), this.variables::get)
			.postProcessEnvironment(this.environment, null);
	}

	private static DeferredLogFactory logFactory() {
		return Supplier::get;
	}

}
