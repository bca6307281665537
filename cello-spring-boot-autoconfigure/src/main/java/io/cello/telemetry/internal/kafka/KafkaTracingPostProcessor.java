package io.cello.telemetry.internal.kafka;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Turns on Spring Kafka's observations on every {@link KafkaTemplate} and every listener
 * container (made by a container factory, as for {@code @KafkaListener}, or declared as a
 * bean), so that {@link KafkaObservationHandler} sees each send and each record; and puts
 * a {@link TracingBatchInterceptor} around their batch interceptor.
 */
public final class KafkaTracingPostProcessor implements BeanPostProcessor {

	private final Supplier<KafkaTracing> tracing;

	/** @param tracing resolved when the first Kafka bean is seen, not when this is made */
	public KafkaTracingPostProcessor(Supplier<KafkaTracing> tracing) {
		this.tracing = tracing;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof KafkaTemplate<?, ?> template) {
			template.setObservationEnabled(true);
		}
		else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			trace(factory.getContainerProperties());
			var typed = (AbstractKafkaListenerContainerFactory<?, Object, Object>) factory;
			typed.setBatchInterceptor(tracingAround(typed.getBatchInterceptor()));
		}
		else if (bean instanceof AbstractMessageListenerContainer<?, ?> container) {
			trace(container.getContainerProperties());
			var typed = (AbstractMessageListenerContainer<Object, Object>) container;
			typed.setBatchInterceptor(tracingAround(typed.getBatchInterceptor()));
		}
		return bean;
	}

	private static void trace(ContainerProperties properties) {
		properties.setObservationEnabled(true);
	}

	private BatchInterceptor<Object, Object> tracingAround(@Nullable BatchInterceptor<Object, Object> existing) {
		if (existing instanceof TracingBatchInterceptor) {
			return existing;
		}
		return new TracingBatchInterceptor(this.tracing.get(), existing);
	}

}
