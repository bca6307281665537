package io.cello.telemetry.internal.actuate;

import io.cello.telemetry.testsupport.LocalServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user configures about the Actuator endpoints (a base path of their own, path
 * mappings, CORS) behaves the same with Cello's {@link BasePathWebFluxEndpointHandlerMapping}
 * as with Spring Boot's own mapping: the same checks run against both.
 */
class ActuatorEndpointMappingParityTests {

	@ParameterizedTest(name = "cello.telemetry.enabled={0}")
	@ValueSource(booleans = { true, false })
	void customBasePathPathMappingAndCorsBehaveAsWithSpringBootsMapping(boolean cello) {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(UsersApplication.class).properties(
				"server.port=0", "server.address=127.0.0.1", "cello.telemetry.service-name=users",
				"cello.telemetry.exporter=none", "cello.telemetry.enabled=" + cello,
				"management.endpoints.web.base-path=/manage", "management.endpoints.web.path-mapping.health=healthz",
				"management.endpoints.web.cors.allowed-origins=https://console.example.com",
				"management.endpoints.web.cors.allowed-methods=GET")
			.run()) {
			assertThat(app.getBeansOfType(WebFluxEndpointHandlerMapping.class).values()).singleElement()
				.satisfies((mapping) -> assertThat(mapping instanceof BasePathWebFluxEndpointHandlerMapping)
					.isEqualTo(cello));
			WebTestClient client = LocalServer.client(app);

			client.get()
				.uri("/manage")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$._links.health.href")
				.value((href) -> assertThat((String) href).endsWith("/manage/healthz"));
			client.get().uri("/manage/healthz").exchange().expectStatus().isOk();
			client.get().uri("/manage/health").exchange().expectStatus().isNotFound();
			client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
			client.get().uri("/users/7").exchange().expectStatus().isOk();

			client.options()
				.uri("/manage/healthz")
				.header(HttpHeaders.ORIGIN, "https://console.example.com")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.example.com");
			client.options()
				.uri("/manage/healthz")
				.header(HttpHeaders.ORIGIN, "https://elsewhere.example.com")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
				.exchange()
				.expectStatus()
				.isForbidden();
			client.get()
				.uri("/manage/healthz")
				.header(HttpHeaders.ORIGIN, "https://console.example.com")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.example.com");
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UsersApplication {

		@Bean
		RouterFunction<ServerResponse> users() {
			return RouterFunctions.route()
				.GET("/users/{id}", (request) -> ServerResponse.ok().bodyValue(request.pathVariable("id")))
				.build();
		}

	}

}
