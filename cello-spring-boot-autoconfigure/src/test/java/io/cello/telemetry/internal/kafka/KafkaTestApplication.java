package io.cello.telemetry.internal.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.cello.telemetry.testsupport.RecordedSpansConfiguration;
import io.opentelemetry.api.trace.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends a record to {@code orders} in a traced request and receives it in a record
 * listener, and receives batches from {@code orders-batch}; each listener call is recorded
 * with the span and correlation IDs current while it ran.
 */
@SpringBootApplication
@Import(RecordedSpansConfiguration.class)
public class KafkaTestApplication {

	static final String TOPIC = "orders";

	static final String BATCH_TOPIC = "orders-batch";

	/** The properties every test application has, then {@code properties}. */
	static String[] properties(String brokers, String... properties) {
		return Stream.concat(Stream.of("cello.telemetry.service-name=orders", "cello.telemetry.exporter=none",
				"spring.kafka.bootstrap-servers=" + brokers, "spring.kafka.consumer.auto-offset-reset=earliest",
				"spring.kafka.consumer.group-id=cello-tests", "spring.kafka.listener.missing-topics-fatal=false"),
				Stream.of(properties))
			.toArray(String[]::new);
	}

	/** A real broker, in KRaft mode, with this application's topics; the caller destroys it. */
	static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, BATCH_TOPIC);
		broker.afterPropertiesSet();
		return broker;
	}

	/** A listener that throws is not retried: each record has one CONSUMER span. */
	@Bean
	DefaultErrorHandler errorHandler() {
		return new DefaultErrorHandler(new FixedBackOff(0, 0));
	}

	@Bean
	Received received() {
		return new Received();
	}

	/** One call of a listener: what it received and what was current while it ran. */
	record Delivery(List<String> values, List<String> headers, String traceId, String spanId,
			Map<String, String> mdc) {

		static Delivery of(List<String> values, List<String> headers) {
			Map<String, String> mdc = new java.util.HashMap<>();
			for (String key : List.of(CorrelationMdc.TRACE_ID, CorrelationMdc.SPAN_ID, CorrelationMdc.REQUEST_ID)) {
				mdc.put(key, String.valueOf(MDC.get(key)));
			}
			var span = Span.current().getSpanContext();
			return new Delivery(values, headers, span.getTraceId(), span.getSpanId(), mdc);
		}

	}

	static class Received {

		final BlockingQueue<Delivery> records = new LinkedBlockingQueue<>();

		final BlockingQueue<Delivery> batches = new LinkedBlockingQueue<>();

	}

	@RestController
	static class OrderController {

		private final KafkaTemplate<Object, Object> template;

		OrderController(KafkaTemplate<Object, Object> template) {
			this.template = template;
		}

		@GetMapping("/orders/{id}/confirm")
		Mono<String> confirm(@PathVariable String id) {
			return Mono.fromFuture(() -> this.template.send(TOPIC, id, "confirmed " + id)).thenReturn("sent " + id);
		}

	}

	static class Listeners {

		private final Received received;

		Listeners(Received received) {
			this.received = received;
		}

		@KafkaListener(id = "orders-listener", topics = TOPIC)
		void onOrder(ConsumerRecord<String, String> record) {
			List<String> headers = new java.util.ArrayList<>();
			record.headers().forEach((header) -> headers.add(header.key()));
			this.received.records.add(Delivery.of(List.of(record.value()), headers));
			if (record.value().contains("fail")) {
				throw new IllegalStateException("cannot process " + record.value());
			}
		}

		@KafkaListener(id = "orders-batch-listener", topics = BATCH_TOPIC, batch = "true")
		void onBatch(List<ConsumerRecord<String, String>> records) {
			this.received.batches.add(Delivery.of(records.stream().map(ConsumerRecord::value).toList(), List.of()));
		}

	}

	@Bean
	Listeners listeners(Received received) {
		return new Listeners(received);
	}

}
