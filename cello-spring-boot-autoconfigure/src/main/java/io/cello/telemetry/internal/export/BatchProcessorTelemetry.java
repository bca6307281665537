package io.cello.telemetry.internal.export;

import java.util.Collection;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Reads what the batch span processor reports about itself (spans dropped because its
 * queue was full, and the queue's size) through the OpenTelemetry metrics it already
 * emits, collected on demand when a metric or health check asks.
 */
public final class BatchProcessorTelemetry implements AutoCloseable {

	private static final String PROCESSED = "otel.sdk.processor.span.processed";

	private static final String QUEUE_SIZE = "otel.sdk.processor.span.queue.size";

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private final OnDemandReader reader = new OnDemandReader();

	private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(this.reader).build();

	/** The meter provider to give the batch span processor. */
	public MeterProvider meterProvider() {
		return this.meterProvider;
	}

	/** Spans dropped so far because the queue was full. */
	public long droppedSpans() {
		return sum(PROCESSED, (attributes) -> "queue_full".equals(attributes.get(ERROR_TYPE)));
	}

	/** Spans waiting in the queue now. */
	public long queueSize() {
		return sum(QUEUE_SIZE, (attributes) -> true);
	}

	/** The sum of a long sum metric's points whose attributes match, collected now. */
	private long sum(String name, Predicate<Attributes> matching) {
		long sum = 0;
		for (MetricData metric : this.reader.collect()) {
			if (metric.getName().equals(name)) {
				for (LongPointData point : metric.getLongSumData().getPoints()) {
					if (matching.test(point.getAttributes())) {
						sum += point.getValue();
					}
				}
			}
		}
		return sum;
	}

	@Override
	public void close() {
		this.meterProvider.close();
	}

	/** Collects only when asked: no thread, no schedule. */
	private static final class OnDemandReader implements MetricReader {

		private volatile CollectionRegistration registration = CollectionRegistration.noop();

		Collection<MetricData> collect() {
			return this.registration.collectAllMetrics();
		}

		@Override
		public void register(CollectionRegistration registration) {
			this.registration = registration;
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.CUMULATIVE;
		}

		@Override
		public MemoryMode getMemoryMode() {
			return MemoryMode.IMMUTABLE_DATA;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
