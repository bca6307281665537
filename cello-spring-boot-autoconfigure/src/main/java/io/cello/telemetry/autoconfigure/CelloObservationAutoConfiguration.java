package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.client.ClientTracingExchangeFilter;
import io.cello.telemetry.internal.observation.CelloTracedObservationHandler;
import io.cello.telemetry.internal.observation.CelloTracedObservations;
import io.cello.telemetry.internal.observation.OpenTelemetryObservationHandler;
import io.cello.telemetry.internal.server.ServerTracingWebFilter;
import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Micrometer observations and Cello's spans. Without Micrometer Tracing, Cello turns the
 * observations of application code (an {@code @Observed} method, an R2DBC query) into
 * spans itself. With Spring Boot's Micrometer Tracing present, that does it instead, and
 * Cello only keeps it from tracing the requests and WebClient exchanges Cello already
 * traces, so each has exactly one span.
 */
@AutoConfiguration(after = { CelloServerTracingAutoConfiguration.class, CelloWebClientTracingAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass(ObservationHandler.class)
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
public final class CelloObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.ClientRequestObservationContext")
	@ConditionalOnMissingBean(type = "io.micrometer.tracing.Tracer")
	@ConditionalOnBean(io.opentelemetry.api.trace.Tracer.class)
	static class ObservationSpans {

		@Bean
		@ConditionalOnMissingBean
		OpenTelemetryObservationHandler celloObservationHandler(io.opentelemetry.api.trace.Tracer tracer,
				ObjectProvider<CelloTracedObservations> tracedElsewhere) {
			return new OpenTelemetryObservationHandler(tracer, tracedElsewhere.orderedStream().toList());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ io.micrometer.tracing.Tracer.class,
			io.micrometer.tracing.handler.TracingObservationHandler.class })
	@ConditionalOnBean({ io.micrometer.tracing.Tracer.class, ServerTracingWebFilter.class })
	static class MicrometerTracing {

		/** First among the tracing handlers, which handle an observation on a first-match basis. */
		@Bean
		@ConditionalOnMissingBean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		CelloTracedObservationHandler celloTracedObservationHandler(io.micrometer.tracing.Tracer tracer,
				ObjectProvider<ClientTracingExchangeFilter> clientTracing,
				ObjectProvider<CelloTracedObservations> tracedElsewhere) {
			return new CelloTracedObservationHandler(tracer, clientTracing.getIfAvailable() != null,
					tracedElsewhere.orderedStream().toList());
		}

	}

}
