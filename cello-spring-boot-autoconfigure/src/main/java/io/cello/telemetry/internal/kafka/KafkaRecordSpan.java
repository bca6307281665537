package io.cello.telemetry.internal.kafka;

import java.util.ArrayDeque;
import java.util.List;

import io.cello.telemetry.internal.context.ContextScope;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * The span of one record sent (PRODUCER) or received (CONSUMER), or of one batch a
 * listener receives: the span and its context, which is current, with its correlation IDs
 * in the MDC, while the send or the listener runs. The trace context and the request ID
 * travel in the record's headers.
 */
final class KafkaRecordSpan {

	private final Span span;

	private final Context context;

	private final ArrayDeque<ContextScope> scopes = new ArrayDeque<>(2);

	private KafkaRecordSpan(Span span, Context context) {
		this.span = span;
		this.context = context;
	}

	/** Starts the PRODUCER span of {@code record}, a child of {@code parent}, and writes it into the headers. */
	static KafkaRecordSpan publish(KafkaTracing tracing, ProducerRecord<?, ?> record, Context parent) {
		String requestId = RequestIds.from(parent);
		SpanBuilder builder = tracing.tracer()
			.spanBuilder(record.topic() + " " + KafkaSpanAttributes.PUBLISH)
			.setSpanKind(SpanKind.PRODUCER)
			.setParent(parent);
		tracing.attributes().onSend(builder, record, requestId);
		Span span = builder.startSpan();
		Context context = parent.with(span);
		Headers headers = record.headers();
		tracing.propagator().inject(context, headers, RecordHeaders.INSTANCE);
		String requestIdHeader = tracing.requestIdHeader();
		if (requestIdHeader != null && requestId != null) {
			RecordHeaders.INSTANCE.set(headers, requestIdHeader, requestId);
		}
		return new KafkaRecordSpan(span, context);
	}

	/**
	 * Starts the CONSUMER span of {@code record}, a child of the context in its headers, or
	 * the root of a new trace when they carry none that is valid.
	 */
	static KafkaRecordSpan process(KafkaTracing tracing, ConsumerRecord<?, ?> record, @Nullable String groupId) {
		Context parent = tracing.propagator().extract(Context.root(), record.headers(), RecordHeaders.INSTANCE);
		String requestId = tracing.requestId(record.headers());
		SpanBuilder builder = tracing.tracer()
			.spanBuilder(record.topic() + " " + KafkaSpanAttributes.PROCESS)
			.setSpanKind(SpanKind.CONSUMER)
			.setParent(parent);
		tracing.attributes().onReceive(builder, record, groupId, requestId);
		return started(builder, parent, requestId);
	}

	/**
	 * Starts the CONSUMER span of a batch of records: a new trace with a link to the context
	 * each record carries, since no one of them is the batch's parent.
	 */
	static KafkaRecordSpan processBatch(KafkaTracing tracing, List<? extends ConsumerRecord<?, ?>> records) {
		String topic = singleTopic(records);
		SpanBuilder builder = tracing.tracer()
			.spanBuilder(topic + " " + KafkaSpanAttributes.PROCESS)
			.setSpanKind(SpanKind.CONSUMER)
			.setNoParent();
		for (ConsumerRecord<?, ?> record : records) {
			SpanContext linked = Span
				.fromContext(tracing.propagator().extract(Context.root(), record.headers(), RecordHeaders.INSTANCE))
				.getSpanContext();
			if (linked.isValid()) {
				builder.addLink(linked);
			}
		}
		String requestId = RequestIds.generate();
		tracing.attributes().onReceiveBatch(builder, topic, records, requestId);
		return started(builder, Context.root(), requestId);
	}

	private static KafkaRecordSpan started(SpanBuilder builder, Context parent, @Nullable String requestId) {
		Span span = builder.startSpan();
		Context context = parent.with(span);
		if (requestId != null) {
			context = context.with(RequestIds.CONTEXT_KEY, requestId);
		}
		return new KafkaRecordSpan(span, context);
	}

	private static String singleTopic(List<? extends ConsumerRecord<?, ?>> records) {
		String topic = null;
		for (ConsumerRecord<?, ?> record : records) {
			if (topic == null) {
				topic = record.topic();
			}
			else if (!topic.equals(record.topic())) {
				return "multiple_topics";
			}
		}
		return (topic != null) ? topic : "unknown";
	}

	Context context() {
		return this.context;
	}

	/** Makes the span's context current on this thread, until {@link #closeScope()}. */
	void openScope() {
		this.scopes.push(ContextScope.open(this.context));
	}

	void closeScope() {
		ContextScope scope = this.scopes.poll();
		if (scope != null) {
			scope.close();
		}
	}

	/** Marks the span failed with {@code error}, the listener's own exception rather than Spring's wrapper. */
	void fail(Throwable error) {
		Throwable cause = (error instanceof ListenerExecutionFailedException && error.getCause() != null)
				? error.getCause() : error;
		this.span.setStatus(StatusCode.ERROR);
		this.span.recordException(cause);
	}

	void end() {
		this.span.end();
	}

}
