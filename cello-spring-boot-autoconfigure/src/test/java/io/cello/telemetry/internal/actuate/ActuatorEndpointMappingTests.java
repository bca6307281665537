package io.cello.telemetry.internal.actuate;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.cello.telemetry.testsupport.TestApplications;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator endpoints, mapped by Cello's {@link BasePathWebFluxEndpointHandlerMapping},
 * behave as Spring Boot's mapping makes them behave, on the application's port and on a
 * management port of their own.
 */
class ActuatorEndpointMappingTests {

	@Nested
	class OnTheApplicationPort extends SharedApplicationTests {

		@Test
		void cellosMappingReplacesSpringBootsOwn() {
			assertThat(this.context.getBeansOfType(WebFluxEndpointHandlerMapping.class).values()).singleElement()
				.isInstanceOf(BasePathWebFluxEndpointHandlerMapping.class);
		}

		@Test
		void endpointsLinksAndApplicationRoutesAreServed() {
			this.client.get()
				.uri("/actuator")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$._links.health.href")
				.exists()
				.jsonPath("$._links.prometheus.href")
				.exists();
			this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
			this.client.get().uri("/users/7").exchange().expectStatus().isOk();
		}

		@Test
		void mismatchesUnderTheBasePathAreStillExplained() {
			this.client.post().uri("/actuator/health").exchange().expectStatus().isEqualTo(405);
			this.client.get().uri("/actuator/nothing-here").exchange().expectStatus().isNotFound();
		}

	}

	@Nested
	class OnAManagementPortOfTheirOwn extends SharedApplicationTests {

		@Override
		protected String[] properties() {
			return new String[] { "management.server.port=0", "management.server.address=127.0.0.1" };
		}

		@Test
		void endpointsAreServedOnTheManagementPortOnly() {
			WebTestClient management = LocalServer.client(LocalServer.managementPort(this.context));
			management.get().uri("/actuator").exchange().expectStatus().isOk();
			management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
			management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
			this.client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
			this.client.get().uri("/users/7").exchange().expectStatus().isOk();
		}

	}

	@Nested
	class WithTelemetryOff {

		@Test
		void springBootsOwnMappingIsKept() {
			try (ConfigurableApplicationContext context = TestApplications.start(PlainApplication.class,
					"cello.telemetry.enabled=false")) {
				assertThat(context.getBeansOfType(WebFluxEndpointHandlerMapping.class).values()).singleElement()
					.extracting(Object::getClass)
					.isEqualTo(WebFluxEndpointHandlerMapping.class);
			}
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PlainApplication {

	}

}
