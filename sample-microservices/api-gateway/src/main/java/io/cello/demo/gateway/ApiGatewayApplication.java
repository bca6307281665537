package io.cello.demo.gateway;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The entry point: {@code GET /api/orders/{id}} forwards to order-service and answers
 * with its status and body.
 */
@SpringBootApplication
public class ApiGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(ApiGatewayApplication.class, args);
	}

	@RestController
	static class GatewayController {

		private final WebClient orders;

		GatewayController(WebClient.Builder builder,
				@Value("${demo.order-service-url:http://127.0.0.1:8082}") String orderServiceUrl) {
			this.orders = builder.baseUrl(orderServiceUrl).build();
		}

		@GetMapping("/api/orders/{id}")
		Mono<ResponseEntity<String>> order(@PathVariable long id) {
			return this.orders.get().uri("/orders/{id}", id).exchangeToMono((response) -> response.toEntity(String.class));
		}

	}

}
