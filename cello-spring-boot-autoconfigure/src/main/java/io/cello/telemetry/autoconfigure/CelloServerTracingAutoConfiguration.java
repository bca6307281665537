package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.context.SchedulerContextPropagation;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.metrics.ServerRequestMetrics;
import io.cello.telemetry.internal.requestid.RequestIdWebFilter;
import io.cello.telemetry.internal.server.ExcludedPaths;
import io.cello.telemetry.internal.server.ServerSpanAttributes;
import io.cello.telemetry.internal.server.ServerTracingWebFilter;
import io.cello.telemetry.internal.server.TraceResponseHeaders;
import io.micrometer.context.ContextRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of the server side of Cello's telemetry for Spring WebFlux: the
 * {@link ServerTracingWebFilter}, the {@link RequestIdWebFilter}, and the bridges that let
 * the request's trace context and ID follow Reactor pipelines across threads, into
 * handler code and log lines.
 */
@AutoConfiguration(after = CelloTelemetryAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebFilter.class, Hooks.class, ContextRegistry.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean({ Tracer.class, ContextPropagators.class, CelloTelemetryProperties.class })
public final class CelloServerTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServerTracingWebFilter celloServerTracingWebFilter(Tracer tracer, ContextPropagators propagators,
			CelloTelemetryProperties properties, ObjectProvider<ServerRequestMetrics> metrics) {
		return new ServerTracingWebFilter(tracer, propagators.getTextMapPropagator(),
				new ExcludedPaths(properties.getExcludePaths()),
				new ServerSpanAttributes(PropertyValue.of(SemconvMode.class, properties.getSemconv()),
						properties.resolvedServiceName()),
				metrics.getIfAvailable(),
				new TraceResponseHeaders(properties.isTraceResponse(), properties.isServerTiming()));
	}

	@Bean
	@ConditionalOnMissingBean
	SchedulerContextPropagation celloSchedulerContextPropagation() {
		return SchedulerContextPropagation.install();
	}

	@Bean
	@ConditionalOnMissingBean
	OpenTelemetryContextAccessor celloOpenTelemetryContextAccessor() {
		OpenTelemetryContextAccessor accessor = new OpenTelemetryContextAccessor();
		ContextRegistry.getInstance().registerThreadLocalAccessor(accessor);
		return accessor;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "cello.telemetry.request-id.enabled", matchIfMissing = true)
	static class RequestIdConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestIdWebFilter celloRequestIdWebFilter(CelloTelemetryProperties properties) {
			return new RequestIdWebFilter(properties.getRequestId().getHeader());
		}

	}

}
