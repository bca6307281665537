package io.cello.telemetry.internal.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Gives each batch a batch listener receives one CONSUMER span, current while the listener
 * runs, with a link to the context of every record in it. Spring Kafka observes batch
 * listeners per record only on request and without making any record's context current,
 * so this interceptor is where a batch's span is made. The application's own interceptor,
 * if any, runs inside it.
 */
public final class TracingBatchInterceptor implements BatchInterceptor<Object, Object> {

	/** Spring Kafka calls {@code intercept} and then {@code success} or {@code failure} on the consumer's thread. */
	private static final ThreadLocal<@Nullable KafkaRecordSpan> current = new ThreadLocal<>();

	private final KafkaTracing tracing;

	private final @Nullable BatchInterceptor<Object, Object> delegate;

	public TracingBatchInterceptor(KafkaTracing tracing, @Nullable BatchInterceptor<Object, Object> delegate) {
		this.tracing = tracing;
		this.delegate = delegate;
	}

	@Override
	public @Nullable ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
			Consumer<Object, Object> consumer) {
		List<ConsumerRecord<Object, Object>> list = new ArrayList<>(records.count());
		records.forEach(list::add);
		KafkaRecordSpan span = KafkaRecordSpan.processBatch(this.tracing, list);
		span.openScope();
		current.set(span);
		ConsumerRecords<Object, Object> intercepted = records;
		try {
			if (this.delegate != null) {
				intercepted = this.delegate.intercept(records, consumer);
			}
		}
		catch (RuntimeException ex) {
			finish(ex);
			throw ex;
		}
		if (intercepted == null) {
			finish(null);
		}
		return intercepted;
	}

	@Override
	public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.success(records, consumer);
			}
		}
		finally {
			finish(null);
		}
	}

	@Override
	public void failure(ConsumerRecords<Object, Object> records, Exception exception,
			Consumer<Object, Object> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.failure(records, exception, consumer);
			}
		}
		finally {
			finish(exception);
		}
	}

	@Override
	public void setupThreadState(Consumer<?, ?> consumer) {
		if (this.delegate != null) {
			this.delegate.setupThreadState(consumer);
		}
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		if (this.delegate != null) {
			this.delegate.clearThreadState(consumer);
		}
	}

	private static void finish(@Nullable Exception error) {
		KafkaRecordSpan span = current.get();
		if (span == null) {
			return;
		}
		current.remove();
		if (error != null) {
			span.fail(error);
		}
		span.closeScope();
		span.end();
	}

}
