package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.metrics.ClientRequestMetrics;
import io.cello.telemetry.internal.metrics.ServerRequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring's HTTP request metrics, {@code http.server.requests} and
 * {@code http.client.requests}, recorded by Cello's tracing filters, which already know
 * every figure they need. Each takes over only where Spring's own observation for it is
 * turned off ({@code management.observations.enable.http.server.requests=false}, and
 * {@code ...http.client.requests}), as Cello's actuator defaults do: the same timers, the
 * same tags, for a fraction of the cost of an observation per request. Turn an
 * observation back on to have Spring record that metric again.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public final class CelloHttpMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	@ConditionalOnBooleanProperty(name = "management.observations.enable.http.server.requests", havingValue = false)
	ServerRequestMetrics celloServerRequestMetrics(MeterRegistry registry) {
		return new ServerRequestMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
	@ConditionalOnBooleanProperty(name = "management.observations.enable.http.client.requests", havingValue = false)
	ClientRequestMetrics celloClientRequestMetrics(MeterRegistry registry) {
		return new ClientRequestMetrics(registry);
	}

}
