package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.observation.CelloTracedObservations;
import io.cello.telemetry.internal.r2dbc.R2dbcQueryTracing;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.api.trace.Tracer;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.observation.QueryContext;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.autoconfigure.ProxyConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of R2DBC database spans: a {@link ProxyConnectionFactoryCustomizer},
 * which Spring Boot applies to the connection factory it auto-configures, adds Cello's
 * execution listener. Spring Boot's own R2DBC observation keeps timing statements, but
 * makes no second span.
 */
@AutoConfiguration(after = CelloTelemetryAutoConfiguration.class)
@ConditionalOnClass({ ConnectionFactory.class, ProxyConnectionFactory.class, ProxyConnectionFactoryCustomizer.class })
@ConditionalOnBooleanProperty(prefix = "cello.telemetry", name = { "enabled", "r2dbc.enabled" }, matchIfMissing = true)
@ConditionalOnBean({ Tracer.class, CelloTelemetryProperties.class })
public final class CelloR2dbcAutoConfiguration {

	@Bean
	ProxyConnectionFactoryCustomizer celloR2dbcTracing(Tracer tracer, CelloTelemetryProperties properties) {
		SemconvMode semconv = PropertyValue.of(SemconvMode.class, properties.getSemconv());
		return (builder) -> builder
			.listener(R2dbcQueryTracing.of(tracer, builder.getConnectionFactory(), semconv));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationHandler.class)
	static class R2dbcObservations {

		@Bean
		CelloTracedObservations celloR2dbcObservations() {
			return (context) -> context instanceof QueryContext;
		}

	}

}
