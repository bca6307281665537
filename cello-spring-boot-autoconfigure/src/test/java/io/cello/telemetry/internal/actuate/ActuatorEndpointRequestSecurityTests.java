package io.cello.telemetry.internal.actuate;

import java.util.ArrayList;
import java.util.List;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.TestApplications;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's {@link EndpointRequest} matchers find the Actuator endpoints where
 * Cello's {@link BasePathWebFluxEndpointHandlerMapping} maps them, as they do with Spring
 * Boot's own mapping: health open to all, every other endpoint and the links behind
 * authentication, with the default base path and with one of the user's own and a path
 * mapping. Tagged {@code security}: runs only in the module's {@code security-test}
 * execution, the one with Spring Security on the classpath.
 */
@Tag("security")
class ActuatorEndpointRequestSecurityTests {

	@ParameterizedTest(name = "cello.telemetry.enabled={0}, base path {1}, health at {2}")
	@CsvSource({ "true, /actuator, health", "false, /actuator, health", "true, /manage, healthz",
			"false, /manage, healthz" })
	void endpointRequestMatchersSecureTheEndpointsAsWithSpringBootsMapping(boolean cello, String basePath,
			String healthPath) {
		List<String> properties = new ArrayList<>(List.of("cello.telemetry.service-name=users",
				"cello.telemetry.exporter=none", "cello.telemetry.enabled=" + cello,
				"management.endpoints.web.exposure.include=health,prometheus"));
		if (!basePath.equals("/actuator")) {
			properties.add("management.endpoints.web.base-path=" + basePath);
			properties.add("management.endpoints.web.path-mapping.health=" + healthPath);
		}
		try (ConfigurableApplicationContext app = TestApplications.start(SecuredApplication.class,
				properties.toArray(String[]::new))) {
			assertThat(app.getBeansOfType(WebFluxEndpointHandlerMapping.class).values()).singleElement()
				.satisfies((mapping) -> assertThat(mapping instanceof BasePathWebFluxEndpointHandlerMapping)
					.isEqualTo(cello));
			WebTestClient client = LocalServer.client(app);

			client.get().uri(basePath + "/" + healthPath).exchange().expectStatus().isOk();
			client.get().uri(basePath + "/prometheus").exchange().expectStatus().isUnauthorized();
			client.get()
				.uri(basePath + "/prometheus")
				.headers((headers) -> headers.setBasicAuth("ops", "secret"))
				.exchange()
				.expectStatus()
				.isOk();
			client.get().uri(basePath).exchange().expectStatus().isUnauthorized();
			client.get().uri("/users/7").exchange().expectStatus().isOk();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SecuredApplication {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to("health"))
					.permitAll()
					.matchers(EndpointRequest.toAnyEndpoint())
					.authenticated()
					.anyExchange()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService operators() {
			return new MapReactiveUserDetailsService(
					User.withUsername("ops").password("{noop}secret").roles("ACTUATOR").build());
		}

		@Bean
		RouterFunction<ServerResponse> users() {
			return RouterFunctions.route()
				.GET("/users/{id}", (request) -> ServerResponse.ok().bodyValue(request.pathVariable("id")))
				.build();
		}

	}

}
