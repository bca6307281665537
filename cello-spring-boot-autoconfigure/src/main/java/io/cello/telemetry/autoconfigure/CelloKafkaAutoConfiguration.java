package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.kafka.KafkaObservationHandler;
import io.cello.telemetry.internal.kafka.KafkaTracing;
import io.cello.telemetry.internal.kafka.KafkaTracingPostProcessor;
import io.cello.telemetry.internal.observation.CelloTracedObservations;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Auto-configuration of Kafka spans: Spring Kafka's observations turned on for every
 * {@link KafkaTemplate} and listener container, and made into PRODUCER and CONSUMER spans
 * that carry the trace context and the request ID in the record's headers, in every format
 * of {@code cello.telemetry.propagation}.
 */
@AutoConfiguration(after = CelloTelemetryAutoConfiguration.class)
@ConditionalOnClass({ KafkaTemplate.class, ObservationHandler.class })
@ConditionalOnBooleanProperty(prefix = "cello.telemetry", name = { "enabled", "kafka.enabled" }, matchIfMissing = true)
@ConditionalOnBean({ Tracer.class, ContextPropagators.class, CelloTelemetryProperties.class })
public final class CelloKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KafkaTracing celloKafkaTracing(Tracer tracer, ContextPropagators propagators,
			CelloTelemetryProperties properties) {
		CelloTelemetryProperties.RequestId requestId = properties.getRequestId();
		return new KafkaTracing(tracer, propagators.getTextMapPropagator(),
				PropertyValue.of(SemconvMode.class, properties.getSemconv()),
				requestId.isEnabled() ? requestId.getHeader() : null);
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaObservationHandler celloKafkaObservationHandler(KafkaTracing tracing) {
		return new KafkaObservationHandler(tracing);
	}

	@Bean
	CelloTracedObservations celloKafkaObservations() {
		return KafkaObservationHandler::isKafkaRecord;
	}

	@Bean
	static KafkaTracingPostProcessor celloKafkaTracingPostProcessor(ObjectProvider<KafkaTracing> tracing) {
		return new KafkaTracingPostProcessor(tracing::getObject);
	}

}
