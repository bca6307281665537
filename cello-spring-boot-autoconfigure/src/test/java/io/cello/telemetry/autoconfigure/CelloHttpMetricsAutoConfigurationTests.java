package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.metrics.ClientRequestMetrics;
import io.cello.telemetry.internal.metrics.ServerRequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class CelloHttpMetricsAutoConfigurationTests {

	private static final String SERVER_OFF = "management.observations.enable.http.server.requests=false";

	private static final String CLIENT_OFF = "management.observations.enable.http.client.requests=false";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CelloHttpMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void takesOverEachMetricWhoseObservationIsOff() {
		this.runner.withPropertyValues(SERVER_OFF, CLIENT_OFF)
			.run((context) -> assertThat(context).hasSingleBean(ServerRequestMetrics.class)
				.hasSingleBean(ClientRequestMetrics.class));
		this.runner.withPropertyValues(SERVER_OFF)
			.run((context) -> assertThat(context).hasSingleBean(ServerRequestMetrics.class)
				.doesNotHaveBean(ClientRequestMetrics.class));
	}

	@Test
	void leavesTheMetricsToSpringWhileItsObservationsAreOn() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ServerRequestMetrics.class)
			.doesNotHaveBean(ClientRequestMetrics.class));
		this.runner
			.withPropertyValues("management.observations.enable.http.server.requests=true",
					"management.observations.enable.http.client.requests=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerRequestMetrics.class)
				.doesNotHaveBean(ClientRequestMetrics.class));
	}

	@Test
	void backsOffWithoutARegistryWhenDisabledOrForTheApplicationsOwn() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CelloHttpMetricsAutoConfiguration.class))
			.withPropertyValues(SERVER_OFF, CLIENT_OFF)
			.run((context) -> assertThat(context).doesNotHaveBean(ServerRequestMetrics.class));
		this.runner.withPropertyValues(SERVER_OFF, CLIENT_OFF, "cello.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerRequestMetrics.class)
				.doesNotHaveBean(ClientRequestMetrics.class));
		this.runner.withPropertyValues(SERVER_OFF, CLIENT_OFF)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServerRequestMetrics.class));
		this.runner.withPropertyValues(SERVER_OFF)
			.withBean("applicationServerRequestMetrics", ServerRequestMetrics.class,
					() -> new ServerRequestMetrics(new SimpleMeterRegistry()))
			.run((context) -> assertThat(context).hasSingleBean(ServerRequestMetrics.class)
				.hasBean("applicationServerRequestMetrics"));
	}

}
