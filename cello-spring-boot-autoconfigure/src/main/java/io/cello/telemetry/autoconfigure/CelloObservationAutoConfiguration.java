package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.observation.CelloAwareTracingObservationHandlers;
import io.cello.telemetry.server.ServerTracingWebFilter;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * When Spring Boot's Micrometer tracing is present as well, its tracing observation
 * handlers are replaced by ones that leave the requests Cello traces to Cello, so each
 * request has exactly one server span. Observations in handler code keep becoming spans.
 */
@AutoConfiguration(after = CelloServerTracingAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ Tracer.class, DefaultTracingObservationHandler.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean({ Tracer.class, ServerTracingWebFilter.class })
public final class CelloObservationAutoConfiguration {

	// The same orders as Spring Boot gives its handlers: the first handler that supports an
	// observation handles it, so the propagating ones must come before the default one.

	private static final int RECEIVER_ORDER = 1000;

	private static final int SENDER_ORDER = 2000;

	private static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	@Bean
	@ConditionalOnMissingBean
	@Order(DEFAULT_ORDER)
	DefaultTracingObservationHandler celloDefaultTracingObservationHandler(Tracer tracer) {
		return new CelloAwareTracingObservationHandlers.Default(tracer);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Propagator.class)
	@Order(RECEIVER_ORDER)
	PropagatingReceiverTracingObservationHandler<?> celloPropagatingReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new CelloAwareTracingObservationHandlers.Receiver(tracer, propagator);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Propagator.class)
	@Order(SENDER_ORDER)
	PropagatingSenderTracingObservationHandler<?> celloPropagatingSenderTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new CelloAwareTracingObservationHandlers.Sender(tracer, propagator);
	}

}
