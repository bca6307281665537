package io.cello.telemetry.internal.kafka;

import io.cello.telemetry.autoconfigure.CelloKafkaAutoConfiguration;
import io.cello.telemetry.autoconfigure.CelloTelemetryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class CelloKafkaAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class,
				CelloKafkaAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withPropertyValues("cello.telemetry.service-name=orders", "cello.telemetry.exporter=none");

	@Test
	void templatesAndListenerContainersAreObservedAndBatchesIntercepted() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(KafkaObservationHandler.class);
			assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationEnabled"))
				.isEqualTo(true);
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			assertThat(factory.getContainerProperties().isObservationEnabled()).isTrue();
			assertThat(factory.getBatchInterceptor()).isInstanceOf(TracingBatchInterceptor.class);
		});
	}

	@Test
	void theApplicationsBatchInterceptorRunsInsideCellos() {
		BatchInterceptor<Object, Object> own = (records, consumer) -> records;
		this.runner.withBean(BatchInterceptor.class, () -> own).run((context) -> {
			BatchInterceptor<?, ?> interceptor = context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getBatchInterceptor();
			assertThat(interceptor).isInstanceOf(TracingBatchInterceptor.class);
			assertThat(ReflectionTestUtils.getField(interceptor, "delegate")).isSameAs(own);
		});
	}

	@Test
	void kafkaSpansCanBeTurnedOff() {
		this.runner.withPropertyValues("cello.telemetry.kafka.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaObservationHandler.class);
			assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationEnabled"))
				.isEqualTo(false);
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getBatchInterceptor()).isNull();
		});
	}

}
