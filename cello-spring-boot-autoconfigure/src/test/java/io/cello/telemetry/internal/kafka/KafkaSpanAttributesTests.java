package io.cello.telemetry.internal.kafka;

import java.util.Map;

import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.testsupport.InMemoryTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSpanAttributesTests {

	private final InMemoryTelemetry telemetry = new InMemoryTelemetry();

	@AfterEach
	void close() {
		this.telemetry.close();
	}

	@Test
	void aSentRecordUnderEachConvention() {
		ProducerRecord<String, String> record = new ProducerRecord<>("orders", 2, "42", "confirmed");

		assertThat(sent(SemconvMode.CELLO, record)).containsExactlyInAnyOrderEntriesOf(Map.of("messaging.system",
				"kafka", "messaging.destination", "orders", "messaging.operation", "publish",
				"messaging.kafka.partition", 2L, "messaging.message_id", "42", "request.id", "req-1"));
		assertThat(sent(SemconvMode.STABLE, record)).containsExactlyInAnyOrderEntriesOf(Map.of("messaging.system",
				"kafka", "messaging.destination.name", "orders", "messaging.operation.type", "send",
				"messaging.operation.name", "send", "messaging.destination.partition.id", "2",
				"messaging.kafka.message.key", "42", "request.id", "req-1"));
		assertThat(sent(SemconvMode.BOTH, record)).containsKeys("messaging.destination", "messaging.destination.name",
				"messaging.operation", "messaging.operation.type", "messaging.kafka.partition",
				"messaging.destination.partition.id", "messaging.message_id", "messaging.kafka.message.key");
	}

	@Test
	void aReceivedRecordUnderEachConvention() {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 1, 77L, "42", "confirmed");

		assertThat(received(SemconvMode.CELLO, record)).containsExactlyInAnyOrderEntriesOf(Map.of("messaging.system",
				"kafka", "messaging.destination", "orders", "messaging.operation", "process",
				"messaging.kafka.partition", 1L, "messaging.kafka.offset", 77L, "messaging.message_id", "42",
				"request.id", "req-1"));
		assertThat(received(SemconvMode.STABLE, record)).containsExactlyInAnyOrderEntriesOf(Map.of("messaging.system",
				"kafka", "messaging.destination.name", "orders", "messaging.operation.type", "process",
				"messaging.operation.name", "process", "messaging.destination.partition.id", "1",
				"messaging.kafka.offset", 77L, "messaging.kafka.message.key", "42", "messaging.consumer.group.name",
				"billing", "request.id", "req-1"));
	}

	@Test
	void aKeyThatIsNotTextOrANumberIsNotRecorded() {
		ProducerRecord<byte[], String> record = new ProducerRecord<>("orders", new byte[] { 1, 2 }, "confirmed");

		assertThat(sent(SemconvMode.BOTH, record)).doesNotContainKeys("messaging.message_id",
				"messaging.kafka.message.key", "messaging.kafka.partition");
	}

	private Map<String, Object> sent(SemconvMode mode, ProducerRecord<?, ?> record) {
		SpanBuilder builder = this.telemetry.tracer().spanBuilder("send " + mode);
		new KafkaSpanAttributes(mode).onSend(builder, record, "req-1");
		return attributes(builder);
	}

	private Map<String, Object> received(SemconvMode mode, ConsumerRecord<?, ?> record) {
		SpanBuilder builder = this.telemetry.tracer().spanBuilder("receive " + mode);
		new KafkaSpanAttributes(mode).onReceive(builder, record, "billing", "req-1");
		return attributes(builder);
	}

	private static Map<String, Object> attributes(SpanBuilder builder) {
		SpanData span = ((io.opentelemetry.sdk.trace.ReadableSpan) builder.startSpan()).toSpanData();
		Map<String, Object> attributes = new java.util.HashMap<>();
		span.getAttributes().forEach((AttributeKey<?> key, Object value) -> attributes.put(key.getKey(), value));
		return attributes;
	}

}
