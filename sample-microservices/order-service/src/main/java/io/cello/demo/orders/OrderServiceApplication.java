package io.cello.demo.orders;

import java.time.Duration;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.NewTopic;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * Orders: looks the customer up in user-service, then validates inventory and charges the
 * payment in custom spans, and publishes an {@code order-confirmed} event to Kafka, which
 * user-service consumes. Order 13's payment is declined (an error path, 502 at the
 * gateway, no event); order 99 is slow.
 */
@SpringBootApplication
public class OrderServiceApplication {

	/** The topic of the events that confirmed orders publish. */
	public static final String ORDER_CONFIRMED = "order-confirmed";

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

	@Bean
	NewTopic orderConfirmedTopic() {
		return TopicBuilder.name(ORDER_CONFIRMED).partitions(1).replicas(1).build();
	}

	@RestController
	static class OrderController {

		static final long DECLINED_ORDER = 13;

		static final long SLOW_ORDER = 99;

		private static final Log logger = LogFactory.getLog(OrderController.class);

		/** How long an order waits for the broker to take its event. */
		private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

		private final WebClient users;

		private final Tracer tracer;

		private final KafkaTemplate<String, String> events;

		OrderController(WebClient.Builder builder, Tracer tracer, KafkaTemplate<String, String> events,
				@Value("${demo.user-service-url:http://127.0.0.1:8083}") String userServiceUrl) {
			this.users = builder.baseUrl(userServiceUrl).build();
			this.tracer = tracer;
			this.events = events;
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
					return Map.<String, Object>of("order", id, "customer", String.valueOf(customer), "status",
							"confirmed");
				})
				.flatMap((order) -> publishConfirmed(id, (String) order.get("customer")).thenReturn(order));
		}

		/**
		 * Publishes the {@code order-confirmed} event, keyed by the order ID. The send runs
		 * on a worker thread (the producer may block while it fetches the topic's
		 * metadata), never on the server's event loop; an event the broker does not take
		 * within {@link #PUBLISH_TIMEOUT} is logged, and the order stays confirmed.
		 */
		private Mono<Void> publishConfirmed(long orderId, String customer) {
			String event = "{\"order\":" + orderId + ",\"customer\":\"" + json(customer)
					+ "\",\"status\":\"confirmed\"}";
			return Mono.fromFuture(() -> this.events.send(ORDER_CONFIRMED, String.valueOf(orderId), event))
				.subscribeOn(Schedulers.boundedElastic())
				.timeout(PUBLISH_TIMEOUT)
				.doOnNext((result) -> logger.info("order " + orderId + " confirmed: published to " + ORDER_CONFIRMED
						+ " (partition " + result.getRecordMetadata().partition() + ", offset "
						+ result.getRecordMetadata().offset() + ")"))
				.onErrorResume((ex) -> {
					logger.warn("order " + orderId + " confirmed, but its event was not published: " + ex);
					return Mono.empty();
				})
				.then();
		}

		private static String json(String value) {
			return value.replace("\\", "\\\\").replace("\"", "\\\"");
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
