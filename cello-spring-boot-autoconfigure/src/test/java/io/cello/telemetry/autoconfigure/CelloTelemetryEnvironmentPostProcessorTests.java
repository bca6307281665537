package io.cello.telemetry.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.cello.telemetry.internal.export.ExportEndpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class CelloTelemetryEnvironmentPostProcessorTests {

	private final Map<String, String> variables = new HashMap<>();

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void otelVariablesBecomeCelloProperties() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
		this.variables.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr%20t, x-tenant=acme");
		this.variables.put("OTEL_RESOURCE_ATTRIBUTES", "service.version=2.0.1,deployment.environment=prod");
		this.variables.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.2");
		this.variables.put("OTEL_PROPAGATORS", "tracecontext,baggage,b3multi,jaeger");
		this.variables.put("OTEL_TRACES_EXPORTER", "console");
		this.variables.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "100");
		this.variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "1000");
		this.variables.put("OTEL_BSP_EXPORT_TIMEOUT", "3000");
		this.variables.put("OTEL_BSP_SCHEDULE_DELAY", "200");
		this.variables.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans");

		CelloTelemetryProperties properties = bind();

		assertThat(properties.getOtlpEndpoint()).isEqualTo("http://collector:4318");
		assertThat(properties.getProtocol()).isEqualTo("http/protobuf");
		assertThat(ExportEndpoint.otlpTraces(properties)).hasToString("http://collector:4318/v1/traces");
		assertThat(properties.getHeaders()).containsEntry("api-key", "s3cr t").containsEntry("x-tenant", "acme");
		assertThat(properties.getResourceAttributes()).containsEntry("service.version", "2.0.1")
			.containsEntry("deployment.environment", "prod");
		assertThat(properties.getSamplingRate()).isEqualTo(0.2);
		assertThat(properties.getPropagation()).containsExactly("w3c", "b3multi", "jaeger");
		assertThat(properties.getExporter()).isEqualTo("logging");
		assertThat(properties.getBatchSize()).isEqualTo(100);
		assertThat(properties.getMaxQueueSize()).isEqualTo(1000);
		assertThat(properties.getExportTimeout()).hasMillis(3000);
		assertThat(properties.getScheduleDelay()).hasMillis(200);
		assertThat(properties.getZipkinEndpoint()).isEqualTo("http://zipkin:9411/api/v2/spans");
	}

	@Test
	void signalSpecificVariablesWinOverGeneralOnes() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4317");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom/path");
		this.variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
		this.variables.put("OTEL_EXPORTER_OTLP_TIMEOUT", "4000");
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "3000");
		this.variables.put("OTEL_BSP_EXPORT_TIMEOUT", "20000");

		CelloTelemetryProperties properties = bind();

		assertThat(properties.getOtlpEndpoint()).isEqualTo("http://general:4317");
		assertThat(properties.getOtlpTracesEndpoint()).isEqualTo("http://traces:4318/custom/path");
		assertThat(properties.getProtocol()).isEqualTo("http/protobuf");
		assertThat(ExportEndpoint.otlpTraces(properties)).as("the traces endpoint is used as given")
			.hasToString("http://traces:4318/custom/path");
		assertThat(properties.getExportTimeout()).hasMillis(3000);
	}

	@Test
	void exportTimeoutComesFromTheExportersVariableBeforeTheBatchProcessors() {
		this.variables.put("OTEL_BSP_EXPORT_TIMEOUT", "20000");
		assertThat(bind().getExportTimeout()).hasMillis(20000);

		this.variables.put("OTEL_EXPORTER_OTLP_TIMEOUT", "4000");
		assertThat(bindAfresh().getExportTimeout()).hasMillis(4000);
	}

	@Test
	void generalEndpointVariableGetsTheTracesPathAppended() {
		this.variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://gateway:4318/otlp/");
		this.variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
		assertThat(ExportEndpoint.otlpTraces(bind())).hasToString("http://gateway:4318/otlp/v1/traces");
	}

	@Test
	void applicationsBaseEndpointWinsOverTheTracesEndpointVariable() {
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://from-env:4318/v1/traces");
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("cello.telemetry.otlp-endpoint", "http://from-yaml:4317")));

		CelloTelemetryProperties properties = bind();

		assertThat(properties.getOtlpTracesEndpoint()).isNull();
		assertThat(ExportEndpoint.otlpTraces(properties)).hasToString("http://from-yaml:4317");
	}

	@Test
	void malformedEndpointVariableIsReportedUnderItsOwnName() {
		this.variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http//collector:4318/v1/traces");
		startWithVariables((context) -> {
			BindValidationException failure = CelloTelemetryPropertiesValidationTests
				.findCause(context.getStartupFailure(), BindValidationException.class);
			FieldError error = (FieldError) failure.getValidationErrors().getAllErrors().get(0);
			assertThat(error.getField()).isEqualTo("otlpTracesEndpoint");
			assertThat(error.getRejectedValue()).isEqualTo("http//collector:4318/v1/traces");
			assertThat(error.getDefaultMessage()).contains("must start with http:// or https://")
				.contains("such as http://collector:4317");
			assertThat(Origin.from(error))
				.hasToString("System Environment Property \"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT\"");
		});
	}

	@Test
	void celloSettingsWithoutAStandardVariableHaveTheirEnvironmentFormThroughRelaxedBinding() {
		this.variables.put("OTEL_BSP_MAX_CONCURRENT_EXPORTS", "7");
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("CELLO_TELEMETRY_MAX_CONCURRENT_EXPORTS", "4")));
		assertThat(bind().getMaxConcurrentExports()).isEqualTo(4);

		this.environment.getPropertySources().remove("systemEnvironment");
		assertThat(bindAfresh().getMaxConcurrentExports()).as("OTEL_BSP_MAX_CONCURRENT_EXPORTS is not standard")
			.isEqualTo(2);
	}

	@Test
	void samplerArgumentWithoutARatioSamplerIsIgnored() {
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "0.2");
		CelloTelemetryProperties properties = bind();
		assertThat(properties.getSamplingRate()).isEqualTo(1.0);
		assertThat(properties.getSampling().isParentBased()).isTrue();

		this.variables.put("OTEL_TRACES_SAMPLER", "parentbased_always_on");
		assertThat(bindAfresh().getSamplingRate()).isEqualTo(1.0);
	}

	@Test
	void ratioSamplersWithoutAnArgumentSampleEverything() {
		this.variables.put("OTEL_TRACES_SAMPLER", "traceidratio");
		CelloTelemetryProperties properties = bind();
		assertThat(properties.getSamplingRate()).isEqualTo(1.0);
		assertThat(properties.getSampling().isParentBased()).isFalse();
	}

	@Test
	void alwaysOffSamplersSwitchKeepingErrorsOffUnlessTheApplicationSaysOtherwise() {
		this.variables.put("OTEL_TRACES_SAMPLER", "always_off");
		CelloTelemetryProperties properties = bind();
		assertThat(properties.getSamplingRate()).isZero();
		assertThat(properties.getSampling().isKeepErrors()).isFalse();

		this.variables.put("OTEL_TRACES_SAMPLER", "parentbased_always_off");
		assertThat(bindAfresh().getSampling().isKeepErrors()).isFalse();

		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("cello.telemetry.sampling.keep-errors", "true")));
		assertThat(bindAfresh().getSampling().isKeepErrors()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jaeger_remote", "parentbased_jaeger_remote", "xray", "always-on", "traceidration" })
	void unsupportedSamplerStopsStartupNamingTheVariableTheValueAndTheSupportedOnes(String sampler) {
		this.variables.put("OTEL_TRACES_SAMPLER", sampler);
		startWithVariables((context) -> {
			UnsupportedEnvironmentVariableException failure = CelloTelemetryPropertiesValidationTests
				.findCause(context.getStartupFailure(), UnsupportedEnvironmentVariableException.class);
			assertThat(failure.getMessage()).startsWith("Environment variable OTEL_TRACES_SAMPLER is '" + sampler
					+ "', which Cello does not support. Set it to one of always_on, always_off, traceidratio, "
					+ "parentbased_always_on, parentbased_always_off, parentbased_traceidratio");
			assertThat(context).hasFailed();
		});
	}

	@Test
	void unsupportedSamplerIsReportedAsAFailureAnalysis(CapturedOutput output) {
		this.variables.put("OTEL_TRACES_SAMPLER", "jaeger_remote");
		SpringApplication application = new SpringApplicationBuilder(CelloTelemetryPropertiesValidationTests.TelemetryOnly.class)
			.web(WebApplicationType.NONE)
			.properties("cello.telemetry.service-name=checkout")
			.listeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) (event) -> postProcess(
					event.getEnvironment()))
			.build();

		assertThatException().isThrownBy(application::run).isInstanceOf(UnsupportedEnvironmentVariableException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Environment variable OTEL_TRACES_SAMPLER is 'jaeger_remote', which Cello does not support.")
			.contains("Action:")
			.contains("Set it to one of always_on, always_off, traceidratio, parentbased_always_on, "
					+ "parentbased_always_off, parentbased_traceidratio");
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
		this.variables.put("OTEL_TRACES_SAMPLER", "traceidratio");
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
	void correlationPatternIsWrittenInTheSyntaxOfTheLoggingSystemInUse() {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(CelloTelemetryEnvironmentPostProcessor.correlationPattern(classLoader))
			.isEqualTo(CelloTelemetryEnvironmentPostProcessor.CORRELATION_PATTERN);
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, "org.springframework.boot.logging.log4j2.Log4J2LoggingSystem");
		try {
			assertThat(CelloTelemetryEnvironmentPostProcessor.correlationPattern(classLoader))
				.isEqualTo(CelloTelemetryEnvironmentPostProcessor.LOG4J2_CORRELATION_PATTERN);
		}
		finally {
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
	}

	@Test
	void badVariableIsReportedUnderItsOwnName() {
		this.variables.put("OTEL_TRACES_SAMPLER", "traceidratio");
		this.variables.put("OTEL_TRACES_SAMPLER_ARG", "3");
		startWithVariables((context) -> {
				BindValidationException failure = CelloTelemetryPropertiesValidationTests
					.findCause(context.getStartupFailure(), BindValidationException.class);
				FieldError error = (FieldError) failure.getValidationErrors().getAllErrors().get(0);
				assertThat(error.getField()).isEqualTo("samplingRate");
				assertThat(Origin.from(error)).hasToString("System Environment Property \"OTEL_TRACES_SAMPLER_ARG\"");
		});
	}

	private void startWithVariables(ContextConsumer<AssertableApplicationContext> assertions) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=checkout")
			.withInitializer((context) -> postProcess(context.getEnvironment()))
			.run(assertions);
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

	/** Binds again, with the variables as they are now. */
	private CelloTelemetryProperties bindAfresh() {
		this.environment.getPropertySources().remove(CelloTelemetryEnvironmentPostProcessor.ENVIRONMENT_VARIABLES_SOURCE);
		this.environment.getPropertySources().remove(CelloTelemetryEnvironmentPostProcessor.DEFAULTS_SOURCE);
		return bind();
	}

	private void postProcess() {
		postProcess(this.environment);
	}

	private void postProcess(ConfigurableEnvironment environment) {
		new CelloTelemetryEnvironmentPostProcessor(logFactory(), this.variables::get).postProcessEnvironment(environment,
				null);
	}

	private static DeferredLogFactory logFactory() {
		return Supplier::get;
	}

}
