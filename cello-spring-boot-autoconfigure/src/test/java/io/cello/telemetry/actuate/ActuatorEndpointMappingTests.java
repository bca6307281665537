package io.cello.telemetry.actuate;

import io.cello.telemetry.server.TracedTestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator endpoints, mapped by Cello's {@link BasePathWebFluxEndpointHandlerMapping},
 * behave as Spring Boot's mapping makes them behave, on the application's port and on a
 * management port of their own.
 */
class ActuatorEndpointMappingTests {

	static WebTestClient client(int port) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	@Nested
	@SpringBootTest(classes = TracedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.address=127.0.0.1", "cello.telemetry.service-name=orders",
					"cello.telemetry.exporter=none" })
	class OnTheApplicationPort {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void cellosMappingReplacesSpringBootsOwn() {
			assertThat(this.context.getBeansOfType(WebFluxEndpointHandlerMapping.class).values()).singleElement()
				.isInstanceOf(BasePathWebFluxEndpointHandlerMapping.class);
		}

		@Test
		void endpointsLinksAndApplicationRoutesAreServed() {
			WebTestClient client = client(this.port);
			client.get()
				.uri("/actuator")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$._links.health.href")
				.exists()
				.jsonPath("$._links.prometheus.href")
				.exists();
			client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
			client.get().uri("/users/7").exchange().expectStatus().isOk();
		}

		@Test
		void mismatchesUnderTheBasePathAreStillExplained() {
			WebTestClient client = client(this.port);
			client.post().uri("/actuator/health").exchange().expectStatus().isEqualTo(405);
			client.get().uri("/actuator/nothing-here").exchange().expectStatus().isNotFound();
		}

	}

	@Nested
	@SpringBootTest(classes = TracedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.address=127.0.0.1", "management.server.port=0",
					"management.server.address=127.0.0.1", "cello.telemetry.service-name=orders",
					"cello.telemetry.exporter=none" })
	class OnAManagementPortOfTheirOwn {

		@LocalServerPort
		int port;

		@LocalManagementPort
		int managementPort;

		@Test
		void endpointsAreServedOnTheManagementPortOnly() {
			WebTestClient management = client(this.managementPort);
			management.get().uri("/actuator").exchange().expectStatus().isOk();
			management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
			management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
			client(this.port).get().uri("/actuator/health").exchange().expectStatus().isNotFound();
			client(this.port).get().uri("/users/7").exchange().expectStatus().isOk();
		}

	}

	@Nested
	@SpringBootTest(classes = PlainApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.address=127.0.0.1", "cello.telemetry.enabled=false" })
	class WithTelemetryOff {

		@Autowired
		ApplicationContext context;

		@Test
		void springBootsOwnMappingIsKept() {
			assertThat(this.context.getBeansOfType(WebFluxEndpointHandlerMapping.class).values()).singleElement()
				.extracting(Object::getClass)
				.isEqualTo(WebFluxEndpointHandlerMapping.class);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PlainApplication {

	}

}
