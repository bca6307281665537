package io.cello.telemetry.internal.kafka;

import java.util.List;

import io.cello.telemetry.internal.http.SemconvAttribute;
import io.cello.telemetry.internal.http.SemconvMode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import static io.cello.telemetry.internal.http.SemconvAttribute.number;
import static io.cello.telemetry.internal.http.SemconvAttribute.string;

/**
 * Writes the messaging attributes of Kafka spans: the names the tracing guides use
 * ({@code messaging.destination}, {@code messaging.kafka.partition}, ...) under
 * {@code semconv: cello}, OpenTelemetry's current messaging names under {@code stable},
 * both under {@code both}.
 */
final class KafkaSpanAttributes {

	static final SemconvAttribute<String> SYSTEM = string("messaging.system");

	static final SemconvAttribute<String> DESTINATION = string("messaging.destination", "messaging.destination.name");

	static final SemconvAttribute<String> OPERATION = string("messaging.operation", null);

	static final SemconvAttribute<String> OPERATION_TYPE = string(null, "messaging.operation.type");

	static final SemconvAttribute<String> OPERATION_NAME = string(null, "messaging.operation.name");

	static final SemconvAttribute<Long> PARTITION = number("messaging.kafka.partition", null);

	static final SemconvAttribute<String> PARTITION_ID = string(null, "messaging.destination.partition.id");

	static final SemconvAttribute<Long> OFFSET = number("messaging.kafka.offset", "messaging.kafka.offset");

	static final SemconvAttribute<String> KEY = string("messaging.message_id", "messaging.kafka.message.key");

	static final SemconvAttribute<String> CONSUMER_GROUP = string(null, "messaging.consumer.group.name");

	static final SemconvAttribute<Long> BATCH_COUNT = number("messaging.batch.message_count",
			"messaging.batch.message_count");

	static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");

	static final String PUBLISH = "publish";

	static final String PROCESS = "process";

	private final SemconvMode semconv;

	KafkaSpanAttributes(SemconvMode semconv) {
		this.semconv = semconv;
	}

	void onSend(SpanBuilder span, ProducerRecord<?, ?> record, @Nullable String requestId) {
		common(span, record.topic(), PUBLISH, "send", requestId);
		partition(span, record.partition());
		KEY.set(span, this.semconv, messageKey(record.key()));
	}

	void onReceive(SpanBuilder span, ConsumerRecord<?, ?> record, @Nullable String groupId,
			@Nullable String requestId) {
		common(span, record.topic(), PROCESS, PROCESS, requestId);
		partition(span, record.partition());
		OFFSET.set(span, this.semconv, record.offset());
		KEY.set(span, this.semconv, messageKey(record.key()));
		CONSUMER_GROUP.set(span, this.semconv, groupId);
	}

	void onReceiveBatch(SpanBuilder span, String topic, List<? extends ConsumerRecord<?, ?>> records,
			@Nullable String requestId) {
		common(span, topic, PROCESS, PROCESS, requestId);
		BATCH_COUNT.set(span, this.semconv, (long) records.size());
	}

	/** What the span says of the operation: Cello's {@code publish} is OpenTelemetry's {@code send}. */
	private void common(SpanBuilder span, String topic, String operation, String stableOperation,
			@Nullable String requestId) {
		SYSTEM.set(span, this.semconv, "kafka");
		DESTINATION.set(span, this.semconv, topic);
		OPERATION.set(span, this.semconv, operation);
		OPERATION_TYPE.set(span, this.semconv, stableOperation);
		OPERATION_NAME.set(span, this.semconv, stableOperation);
		if (requestId != null) {
			span.setAttribute(REQUEST_ID, requestId);
		}
	}

	private void partition(SpanBuilder span, @Nullable Integer partition) {
		if (partition != null) {
			PARTITION.set(span, this.semconv, partition.longValue());
			PARTITION_ID.set(span, this.semconv, partition.toString());
		}
	}

	private static @Nullable String messageKey(@Nullable Object key) {
		return (key instanceof CharSequence || key instanceof Number) ? key.toString() : null;
	}

}
