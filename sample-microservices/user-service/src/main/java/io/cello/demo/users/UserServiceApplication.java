package io.cello.demo.users;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Users, read through R2DBC from an embedded H2 database; the {@code order-confirmed}
 * events that order-service publishes to Kafka, recorded in the same database.
 */
@SpringBootApplication
public class UserServiceApplication {

	/** The topic of the events that confirmed orders publish. */
	public static final String ORDER_CONFIRMED = "order-confirmed";

	public static void main(String[] args) {
		SpringApplication.run(UserServiceApplication.class, args);
	}

	/** The topic, created at start-up when the broker lacks it, so the listener finds it. */
	@Bean
	NewTopic orderConfirmedTopic() {
		return TopicBuilder.name(ORDER_CONFIRMED).partitions(1).replicas(1).build();
	}

	@RestController
	static class UserController {

		private final DatabaseClient database;

		UserController(DatabaseClient database) {
			this.database = database;
		}

		@GetMapping("/users/{id}")
		Mono<Map<String, Object>> user(@PathVariable long id) {
			return this.database.sql("SELECT id, name, tier FROM users WHERE id = :id")
				.bind("id", id)
				.fetch()
				.one()
				.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + id)));
		}

	}

	/**
	 * Records each {@code order-confirmed} event in {@code confirmed_orders}. The listener
	 * runs on the Kafka consumer's own thread, not on the server's event loop, so it waits
	 * for the insert.
	 */
	@Component
	static class OrderConfirmedListener {

		private static final Log logger = LogFactory.getLog(OrderConfirmedListener.class);

		private static final Duration INSERT_TIMEOUT = Duration.ofSeconds(5);

		private final DatabaseClient database;

		OrderConfirmedListener(DatabaseClient database) {
			this.database = database;
		}

		@KafkaListener(topics = ORDER_CONFIRMED, groupId = "${spring.kafka.consumer.group-id:user-service}")
		void orderConfirmed(ConsumerRecord<String, String> record) {
			long orderId = Long.parseLong(record.key());
			this.database
				.sql("INSERT INTO confirmed_orders (order_id, event, kafka_partition, kafka_offset) "
						+ "VALUES (:orderId, :event, :partition, :offset)")
				.bind("orderId", orderId)
				.bind("event", record.value())
				.bind("partition", record.partition())
				.bind("offset", record.offset())
				.then()
				.block(INSERT_TIMEOUT);
			logger.info("order " + orderId + " confirmed: recorded in confirmed_orders (" + ORDER_CONFIRMED
					+ " partition " + record.partition() + ", offset " + record.offset() + ")");
		}

	}

}
