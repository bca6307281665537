package io.cello.demo.orders;

import java.time.Duration;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * Orders: looks the customer up in user-service, then validates inventory and charges the
 * payment in custom spans. Order 13's payment is declined (an error path, 502 at the
 * gateway); order 99 is slow.
 */
@SpringBootApplication
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

	@RestController
	static class OrderController {

		static final long DECLINED_ORDER = 13;

		static final long SLOW_ORDER = 99;

		private final WebClient users;

		private final Tracer tracer;

		OrderController(WebClient.Builder builder, Tracer tracer,
				@Value("${demo.user-service-url:http://127.0.0.1:8083}") String userServiceUrl) {
			this.users = builder.baseUrl(userServiceUrl).build();
			this.tracer = tracer;
		}

		@GetMapping("/orders/{id}")
		Mono<Map<String, Object>> order(@PathVariable long id) {
			long userId = 1 + (id % 3);
			return this.users.get()
				.uri("/users/{id}", userId)
				.retrieve()
				.bodyToMono(Map.class)
				.delayElement((id == SLOW_ORDER) ? Duration.ofMillis(1500) : Duration.ZERO)
				.map((user) -> {
					validateInventory(id);
					chargePayment(id);
					Span.current().addEvent("order_confirmed", Attributes.of(AttributeKey.longKey("order.id"), id));
					Object customer = user.containsKey("NAME") ? user.get("NAME") : user.get("name");
					return Map.of("order", id, "customer", String.valueOf(customer), "status", "confirmed");
				});
		}

		private void validateInventory(long orderId) {
			Span span = this.tracer.spanBuilder("validate_inventory").startSpan();
			try (Scope scope = span.makeCurrent()) {
				span.setAttribute("order.id", orderId);
				span.setAttribute("inventory.items", 3);
			}
			finally {
				span.end();
			}
		}

		private void chargePayment(long orderId) {
			Span span = this.tracer.spanBuilder("charge_payment").startSpan();
			try (Scope scope = span.makeCurrent()) {
				span.setAttribute("payment.amount", 42.5);
				if (orderId == DECLINED_ORDER) {
					PaymentDeclinedException declined = new PaymentDeclinedException(orderId);
					span.recordException(declined);
					span.setStatus(StatusCode.ERROR, "payment declined");
					throw declined;
				}
			}
			finally {
				span.end();
			}
		}

	}

	static class PaymentDeclinedException extends ResponseStatusException {

		PaymentDeclinedException(long orderId) {
			super(HttpStatus.BAD_GATEWAY, "payment declined for order " + orderId);
		}

	}

}
