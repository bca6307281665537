package io.cello.telemetry.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default of {@code cello.telemetry.exclude-paths}: where Actuator serves its
 * endpoints on the application's port.
 */
class ActuatorPathsTests {

	@Test
	void defaultIsActuatorsDefaultBasePath() {
		assertThat(ActuatorPaths.defaultExcludePaths(new MockEnvironment())).containsExactly("/actuator/**");
	}

	@Test
	void defaultFollowsActuatorsBasePath() {
		assertThat(ActuatorPaths
			.defaultExcludePaths(new MockEnvironment().withProperty("management.endpoints.web.base-path", "/manage")))
			.containsExactly("/manage/**");
	}

	@Test
	void basePathIsNormalized() {
		assertThat(ActuatorPaths
			.defaultExcludePaths(new MockEnvironment().withProperty("management.endpoints.web.base-path", " manage// ")))
			.containsExactly("/manage/**");
	}

	@Test
	void defaultExcludesNothingWhenActuatorIsMappedAtTheRoot() {
		assertThat(ActuatorPaths
			.defaultExcludePaths(new MockEnvironment().withProperty("management.endpoints.web.base-path", "/")))
			.isEmpty();
	}

	@Test
	void defaultExcludesNothingWhenActuatorHasItsOwnPort() {
		assertThat(ActuatorPaths.defaultExcludePaths(new MockEnvironment().withProperty("server.port", "0")
			.withProperty("management.server.port", "0"))).isEmpty();
		assertThat(ActuatorPaths.defaultExcludePaths(new MockEnvironment().withProperty("server.port", "8080")
			.withProperty("management.server.port", "8081"))).isEmpty();
	}

	@Test
	void defaultExcludesNothingWhenActuatorIsOffTheNetwork() {
		assertThat(ActuatorPaths
			.defaultExcludePaths(new MockEnvironment().withProperty("management.server.port", "-1"))).isEmpty();
	}

	@Test
	void defaultKeepsTheBasePathWhenTheManagementPortIsTheApplicationsPort() {
		assertThat(ActuatorPaths.defaultExcludePaths(new MockEnvironment().withProperty("server.port", "8080")
			.withProperty("management.server.port", "8080"))).containsExactly("/actuator/**");
	}

	@Test
	void explicitExcludePathsWinOverActuatorsBasePath() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=orders", "cello.telemetry.exporter=none",
					"management.endpoints.web.base-path=/manage", "cello.telemetry.exclude-paths=/users/**")
			.run((context) -> assertThat(context.getBean(CelloTelemetryProperties.class).getExcludePaths())
				.containsExactly("/users/**"));
	}

}
