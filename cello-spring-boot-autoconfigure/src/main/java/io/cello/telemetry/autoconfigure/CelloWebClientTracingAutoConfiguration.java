package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.client.ClientSpanAttributes;
import io.cello.telemetry.internal.client.ClientTracingExchangeFilter;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.metrics.ClientRequestMetrics;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of client spans and context propagation for every {@link WebClient}
 * built from the auto-configured {@code WebClient.Builder}.
 */
@AutoConfiguration(after = CelloTelemetryAutoConfiguration.class)
@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean({ Tracer.class, ContextPropagators.class, CelloTelemetryProperties.class })
public final class CelloWebClientTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientTracingExchangeFilter celloClientTracingExchangeFilter(Tracer tracer, ContextPropagators propagators,
			CelloTelemetryProperties properties, ObjectProvider<ClientRequestMetrics> metrics) {
		CelloTelemetryProperties.RequestId requestId = properties.getRequestId();
		return new ClientTracingExchangeFilter(tracer, propagators.getTextMapPropagator(),
				new ClientSpanAttributes(PropertyValue.of(SemconvMode.class, properties.getSemconv())),
				requestId.isEnabled() ? requestId.getHeader() : null, metrics.getIfAvailable());
	}

	@Bean
	WebClientCustomizer celloWebClientTracingCustomizer(ClientTracingExchangeFilter filter) {
		return (builder) -> builder.filters((filters) -> {
			if (!filters.contains(filter)) {
				filters.add(filter);
			}
		});
	}

}
