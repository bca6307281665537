package io.cello.telemetry.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.kafka.KafkaObservationHandler;
import io.cello.telemetry.internal.kafka.KafkaTracing;
import io.cello.telemetry.internal.propagation.CelloPropagators;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.instrumentation.spring.kafka.v2_7.SpringKafkaTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * What tracing adds to a Kafka send and to a record a listener receives, without a broker:
 * a {@code KafkaTemplate} sending to a producer that acknowledges at once, and the work a
 * listener container does around each record. Variants:
 * <ul>
 * <li>{@code untraced}: Spring Kafka with observations off, as without Cello;</li>
 * <li>{@code cello}: Spring Kafka's observations with Cello's handler, as Cello sets them
 * up;</li>
 * <li>{@code cello+meters}: the same, with Micrometer's timer for each observation, as in
 * an application with Actuator;</li>
 * <li>{@code otel-library}: OpenTelemetry's Kafka library instrumentation (the producer
 * wrapper and Spring Kafka's record interceptor), the alternative to Cello's way.</li>
 * </ul>
 * Run with {@code -prof gc} for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KafkaBenchmarks {

	private static final String TOPIC = "orders";

	@Param({ "untraced", "cello", "cello+meters", "otel-library" })
	public String variant;

	private SdkTracerProvider tracerProvider;

	private KafkaTemplate<String, String> template;

	private ObservationRegistry observations;

	private RecordInterceptor<String, String> interceptor;

	private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

	private final RecordHeaders incoming = new RecordHeaders();

	@Setup
	public void setUp() {
		this.tracerProvider = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(EndedSpanProcessor.discarding())
			.build();
		ContextPropagators propagators = CelloPropagators.create(List.of(PropagationFormat.W3C));
		OpenTelemetry openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(this.tracerProvider)
			.setPropagators(propagators)
			.build();
		this.incoming.add("traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
		this.incoming.add("X-Request-ID", "req-42".getBytes(StandardCharsets.UTF_8));

		Producer<String, String> producer = new AcknowledgingProducer();
		this.observations = ObservationRegistry.NOOP;
		if (this.variant.startsWith("cello")) {
			this.observations = ObservationRegistry.create();
			KafkaTracing tracing = new KafkaTracing(this.tracerProvider.get("cello"), propagators.getTextMapPropagator(),
					SemconvMode.CELLO, "X-Request-ID");
			this.observations.observationConfig().observationHandler(new KafkaObservationHandler(tracing));
			if (this.variant.equals("cello+meters")) {
				this.observations.observationConfig()
					.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
			}
		}
		else if (this.variant.equals("otel-library")) {
			producer = KafkaTelemetry.create(openTelemetry).wrap(producer);
			this.interceptor = SpringKafkaTelemetry.create(openTelemetry).createRecordInterceptor();
		}
		Producer<String, String> shared = producer;
		this.template = new KafkaTemplate<>(() -> shared);
		this.template.setObservationEnabled(!this.observations.isNoop());
		this.template.setObservationRegistry(this.observations);
	}

	@TearDown
	public void tearDown() {
		this.tracerProvider.close();
	}

	/** One record sent and acknowledged. */
	@Benchmark
	public Object send() {
		return this.template.send(TOPIC, "42", "confirmed 42");
	}

	/** One record received: what the listener container does around the listener's call. */
	@Benchmark
	public void receive(Blackhole blackhole) {
		ConsumerRecord<String, String> record = new ConsumerRecord<>(TOPIC, 0, 42L, 0L, TimestampType.CREATE_TIME, 2,
				12, "42", "confirmed 42", this.incoming, java.util.Optional.empty());
		if (this.interceptor != null) {
			// The container sets the thread up for each poll: here, a poll of one record.
			this.interceptor.setupThreadState(this.consumer);
			ConsumerRecord<String, String> intercepted = this.interceptor.intercept(record, this.consumer);
			blackhole.consume(Span.current());
			this.interceptor.success(intercepted, this.consumer);
			this.interceptor.afterRecord(intercepted, this.consumer);
			this.interceptor.clearThreadState(this.consumer);
			return;
		}
		Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
				KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
				() -> new KafkaRecordReceiverContext(record, "orders-listener", "client-1", "group-1", () -> null),
				this.observations);
		observation.start();
		Observation.Scope scope = observation.openScope();
		try {
			blackhole.consume(Span.current());
		}
		finally {
			scope.close();
			observation.stop();
		}
	}

	/** A producer that acknowledges every record at once and keeps none. */
	static final class AcknowledgingProducer extends MockProducer<String, String> {

		AcknowledgingProducer() {
			super(true, null, new StringSerializer(), new StringSerializer());
		}

		@Override
		public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
				org.apache.kafka.clients.producer.ProducerRecord<String, String> record,
				org.apache.kafka.clients.producer.Callback callback) {
			var result = super.send(record, callback);
			clear();
			return result;
		}

		@Override
		public void close(Duration timeout) {
		}

	}

}
