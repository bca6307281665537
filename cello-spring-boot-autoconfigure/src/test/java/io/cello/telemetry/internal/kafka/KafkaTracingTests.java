package io.cello.telemetry.internal.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.kafka.KafkaTestApplication.Delivery;
import io.cello.telemetry.internal.kafka.KafkaTestApplication.Received;
import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.cello.telemetry.requestid.RequestIds;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka spans against a real broker (Spring Kafka's embedded KRaft broker, in this JVM).
 */
class KafkaTracingTests {

	private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");

	private static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination");

	private static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation");

	private static final AttributeKey<Long> MESSAGING_KAFKA_PARTITION = AttributeKey
		.longKey("messaging.kafka.partition");

	private static final AttributeKey<Long> MESSAGING_KAFKA_OFFSET = AttributeKey.longKey("messaging.kafka.offset");

	private static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message_id");

	private static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT = AttributeKey
		.longKey("messaging.batch.message_count");

	private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");


	private static EmbeddedKafkaKraftBroker broker;

	private ConfigurableApplicationContext context;

	private RecordedSpans spans;

	private Received received;

	@BeforeAll
	static void startBroker() {
		broker = KafkaTestApplication.startBroker();
	}

	@AfterAll
	static void stopBroker() {
		TestApplications.closeShared();
		broker.destroy();
	}

	@BeforeEach
	void useDefaultApplication() {
		use(TestApplications.shared(KafkaTestApplication.class,
				KafkaTestApplication.properties(broker.getBrokersAsString())));
	}

	private void use(ConfigurableApplicationContext context) {
		this.context = context;
		this.spans = context.getBean(RecordedSpans.class);
		this.spans.reset();
		this.received = context.getBean(Received.class);
		this.received.records.clear();
		this.received.batches.clear();
	}

	@Test
	void aRecordSentInATracedRequestIsProcessedInTheSameTrace() throws Exception {
		LocalServer.client(this.context)
			.get()
			.uri("/orders/7/confirm")
			.header("X-Request-ID", "order-7")
			.exchange()
			.expectStatus()
			.isOk();

		Delivery delivery = next(this.received.records, "confirmed 7");
		SpanData server = this.spans.serverSpan("/orders/7/confirm");
		SpanData producer = only(SpanKind.PRODUCER);
		SpanData consumer = only(SpanKind.CONSUMER);

		assertThat(producer.getName()).isEqualTo("orders publish");
		assertThat(producer.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(consumer.getName()).isEqualTo("orders process");
		assertThat(consumer.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
		assertThat(consumer.getParentSpanContext().isRemote()).isTrue();

		assertThat(producer.getAttributes().get(MESSAGING_SYSTEM)).isEqualTo("kafka");
		assertThat(producer.getAttributes().get(MESSAGING_DESTINATION)).isEqualTo("orders");
		assertThat(producer.getAttributes().get(MESSAGING_OPERATION)).isEqualTo("publish");
		assertThat(producer.getAttributes().get(MESSAGING_MESSAGE_ID)).isEqualTo("7");
		assertThat(producer.getAttributes().get(REQUEST_ID)).isEqualTo("order-7");
		assertThat(consumer.getAttributes().get(MESSAGING_SYSTEM)).isEqualTo("kafka");
		assertThat(consumer.getAttributes().get(MESSAGING_DESTINATION)).isEqualTo("orders");
		assertThat(consumer.getAttributes().get(MESSAGING_OPERATION)).isEqualTo("process");
		assertThat(consumer.getAttributes().get(MESSAGING_KAFKA_PARTITION)).isEqualTo(0L);
		assertThat(consumer.getAttributes().get(MESSAGING_KAFKA_OFFSET)).isNotNull();
		assertThat(consumer.getAttributes().get(MESSAGING_MESSAGE_ID)).isEqualTo("7");
		assertThat(consumer.getAttributes().get(REQUEST_ID)).isEqualTo("order-7");

		assertThat(delivery.values()).containsExactly("confirmed 7");
		assertThat(delivery.headers()).contains("traceparent", "X-Request-ID");
		assertThat(delivery.traceId()).isEqualTo(consumer.getTraceId());
		assertThat(delivery.spanId()).isEqualTo(consumer.getSpanId());
		assertThat(delivery.mdc()).containsEntry(CorrelationMdc.TRACE_ID, consumer.getTraceId())
			.containsEntry(CorrelationMdc.SPAN_ID, consumer.getSpanId())
			.containsEntry(CorrelationMdc.REQUEST_ID, "order-7");
	}

	@ParameterizedTest
	@CsvSource({ "b3, b3", "b3multi, X-B3-TraceId", "jaeger, uber-trace-id", "'w3c,b3', traceparent" })
	void everyPropagationFormatJoinsTheProducerAndTheConsumer(String formats, String header) throws Exception {
		try (ConfigurableApplicationContext app = TestApplications.start(KafkaTestApplication.class,
				KafkaTestApplication.properties(broker.getBrokersAsString(),
						"cello.telemetry.propagation=" + formats))) {
			use(app);
			LocalServer.client(app).get().uri("/orders/8/confirm").exchange().expectStatus().isOk();

			Delivery delivery = next(this.received.records, "confirmed 8");
			SpanData server = this.spans.serverSpan("/orders/8/confirm");
			SpanData producer = only(SpanKind.PRODUCER);
			SpanData consumer = only(SpanKind.CONSUMER);
			assertThat(delivery.headers()).contains(header);
			assertThat(producer.getParentSpanId()).isEqualTo(server.getSpanId());
			assertThat(consumer.getTraceId()).isEqualTo(server.getTraceId());
			assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
		}
	}

	@Test
	void aListenerThatThrowsMarksItsSpanAsError() throws Exception {
		template().send(KafkaTestApplication.TOPIC, "13", "fail 13");

		next(this.received.records, "fail 13");
		SpanData consumer = this.spans
			.await(1, (span) -> span.getKind() == SpanKind.CONSUMER && span.getStatus().getStatusCode() == StatusCode.ERROR)
			.get(0);
		assertThat(consumer.getEvents()).anySatisfy((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
				.isEqualTo(IllegalStateException.class.getName());
			assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
				.isEqualTo("cannot process fail 13");
		});
	}

	@Test
	void aBatchGetsOneSpanLinkedToTheContextOfEachRecord() throws Exception {
		MessageListenerContainer container = this.context.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("orders-batch-listener");
		container.stop();
		try {
			for (String id : List.of("1", "2", "3")) {
				template().send(KafkaTestApplication.BATCH_TOPIC, id, "batched " + id).get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			container.start();
		}
		List<SpanData> producers = this.spans.await(3, (span) -> span.getKind() == SpanKind.PRODUCER);

		List<Delivery> deliveries = new ArrayList<>();
		int records = 0;
		while (records < 3) {
			Delivery delivery = next(this.received.batches);
			deliveries.add(delivery);
			records += delivery.values().size();
		}
		List<SpanData> batches = this.spans.await(deliveries.size(),
				(span) -> span.getKind() == SpanKind.CONSUMER && span.getName().equals("orders-batch process"));
		List<String> linked = new ArrayList<>();
		for (SpanData batch : batches) {
			assertThat(batch.getParentSpanContext().isValid()).isFalse();
			Delivery delivery = deliveries.stream()
				.filter((candidate) -> candidate.spanId().equals(batch.getSpanId()))
				.findFirst()
				.orElseThrow();
			assertThat(batch.getAttributes().get(MESSAGING_BATCH_MESSAGE_COUNT))
				.isEqualTo((long) delivery.values().size());
			assertThat(batch.getLinks()).hasSize(delivery.values().size());
			assertThat(delivery.mdc()).containsEntry(CorrelationMdc.TRACE_ID, batch.getTraceId());
			batch.getLinks().stream().map(LinkData::getSpanContext).forEach((link) -> linked.add(link.getSpanId()));
		}
		assertThat(linked).containsExactlyInAnyOrderElementsOf(producers.stream().map(SpanData::getSpanId).toList());
	}

	@Test
	void recordsWithHostileHeadersOrNoneAreProcessedInANewTrace() throws Exception {
		String foreignTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
		Map<String, byte[]> hostile = Map.of("traceparent",
				("00-" + foreignTrace + "-00f067aa0ba902b7-01" + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8),
				"tracestate", "a=".repeat(5_000).getBytes(StandardCharsets.UTF_8), "X-Request-ID",
				"<script>".getBytes(StandardCharsets.UTF_8));
		List<Map<String, byte[]>> cases = List.of(hostile,
				Map.of("traceparent", "00-not-a-trace-01".getBytes(StandardCharsets.UTF_8)),
				Map.of("traceparent", new byte[] { (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28 }, "X-Request-ID",
						new byte[] { (byte) 0xff, 0x41 }),
				Map.of("traceparent", new byte[0]), Map.of());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
				new StringSerializer())) {
			int n = 0;
			for (Map<String, byte[]> headers : cases) {
				ProducerRecord<String, String> record = new ProducerRecord<>(KafkaTestApplication.TOPIC, "h" + n,
						"hostile " + n++);
				headers.forEach((key, value) -> record.headers().add(key, value));
				producer.send(record).get(10, TimeUnit.SECONDS);
			}
		}

		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < cases.size(); i++) {
			deliveries.add(next(this.received.records));
		}
		assertThat(deliveries).extracting((delivery) -> delivery.values().get(0))
			.containsExactlyInAnyOrder("hostile 0", "hostile 1", "hostile 2", "hostile 3", "hostile 4");
		List<SpanData> consumers = this.spans.await(cases.size(), (span) -> span.getKind() == SpanKind.CONSUMER);
		assertThat(consumers).allSatisfy((consumer) -> {
			assertThat(consumer.getParentSpanContext().isValid()).isFalse();
			assertThat(consumer.getTraceId()).isNotEqualTo(foreignTrace);
			assertThat(consumer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(RequestIds.isValid(consumer.getAttributes().get(REQUEST_ID))).isTrue();
		});
		assertThat(deliveries).allSatisfy((delivery) -> assertThat(delivery.mdc().get(CorrelationMdc.REQUEST_ID))
			.matches(RequestIds::isValid)
			.isNotEqualTo("<script>"));
	}

	@SuppressWarnings("unchecked")
	private KafkaTemplate<Object, Object> template() {
		return this.context.getBean(KafkaTemplate.class);
	}

	private SpanData only(SpanKind kind) {
		List<SpanData> spans = this.spans.await(1, (span) -> span.getKind() == kind);
		assertThat(spans).as("%s spans", kind).hasSize(1);
		return spans.get(0);
	}

	private static Delivery next(BlockingQueue<Delivery> queue) throws InterruptedException {
		Delivery delivery = queue.poll(30, TimeUnit.SECONDS);
		assertThat(delivery).as("a delivery within 30s").isNotNull();
		return delivery;
	}

	/** The next delivery of {@code value}, past any left by an earlier test. */
	private static Delivery next(BlockingQueue<Delivery> queue, String value) throws InterruptedException {
		Delivery delivery = next(queue);
		while (!delivery.values().contains(value)) {
			delivery = next(queue);
		}
		return delivery;
	}

}
