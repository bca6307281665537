package io.cello.telemetry.internal.kafka;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.kafka.KafkaTestApplication.Delivery;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka spans with Spring Boot's own tracing beside Cello: Micrometer Tracing's messaging
 * handlers would make a producer and a consumer span of their own from the same
 * observations; Cello claims them, so each send and each record has exactly one span.
 */
class KafkaBootTracingTests {

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = KafkaTestApplication.startBroker();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void exactlyOneProducerAndOneConsumerSpanPerRecord() throws Exception {
		try (ConfigurableApplicationContext app = TestApplications.start(KafkaTestApplication.class,
				KafkaTestApplication.properties(broker.getBrokersAsString(),
						"management.otlp.metrics.export.enabled=false"))) {
			assertThat(app.getBeansOfType(io.micrometer.tracing.Tracer.class)).hasSize(1);
			RecordedSpans spans = app.getBean(RecordedSpans.class);
			LocalServer.client(app).get().uri("/orders/9/confirm").exchange().expectStatus().isOk();

			Delivery delivery = app.getBean(KafkaTestApplication.Received.class).records.poll(30, TimeUnit.SECONDS);
			assertThat(delivery).isNotNull();
			SpanData server = spans.serverSpan("/orders/9/confirm");
			SpanData consumer = spans.await(1, (span) -> span.getKind() == SpanKind.CONSUMER).get(0);
			List<SpanData> trace = spans.all().stream().filter((span) -> span.getTraceId().equals(server.getTraceId())).toList();
			assertThat(trace).extracting(SpanData::getKind)
				.containsExactlyInAnyOrder(SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER);
			SpanData producer = trace.stream().filter((span) -> span.getKind() == SpanKind.PRODUCER).findFirst().get();
			assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
			assertThat(delivery.spanId()).isEqualTo(consumer.getSpanId());
		}
	}

}
