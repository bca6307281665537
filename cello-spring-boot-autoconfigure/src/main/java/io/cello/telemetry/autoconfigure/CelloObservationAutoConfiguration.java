package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.client.ClientTracingExchangeFilter;
import io.cello.telemetry.observation.CelloTracedObservationHandler;
import io.cello.telemetry.server.ServerTracingWebFilter;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * When Spring Boot's Micrometer tracing is present as well, keeps it from tracing the
 * requests and WebClient exchanges Cello already traces, so each has exactly one span.
 * Observations in handler code keep becoming spans, children of Cello's request span.
 */
@AutoConfiguration(after = { CelloServerTracingAutoConfiguration.class, CelloWebClientTracingAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ Tracer.class, TracingObservationHandler.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean({ Tracer.class, ServerTracingWebFilter.class })
public final class CelloObservationAutoConfiguration {

	/** First among the tracing handlers, which handle an observation on a first-match basis. */
	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	CelloTracedObservationHandler celloTracedObservationHandler(Tracer tracer,
			ObjectProvider<ClientTracingExchangeFilter> clientTracing) {
		return new CelloTracedObservationHandler(tracer, clientTracing.getIfAvailable() != null);
	}

}
