package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.export.ExportStatistics;
import io.cello.telemetry.export.SpanStartCounter;
import io.cello.telemetry.export.TracerProviderShutdown;
import io.cello.telemetry.propagation.CelloPropagators;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the OpenTelemetry SDK from {@code cello.telemetry.*}: resource,
 * sampler, propagators, batch export and the {@link Tracer}. Every bean backs off when
 * the application defines its own; Spring Boot's own OpenTelemetry auto-configuration
 * backs off in turn and builds on these beans.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ OpenTelemetrySdk.class, SdkTracerProvider.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CelloTelemetryProperties.class)
@Import({ SpanExporterConfigurations.Otlp.class, SpanExporterConfigurations.Zipkin.class,
		SpanExporterConfigurations.Logging.class, SpanExporterConfigurations.BatchExport.class })
public final class CelloTelemetryAutoConfiguration {

	/** Name and version of the instrumentation scope of Cello's spans. */
	public static final String INSTRUMENTATION_NAME = "io.cello.telemetry";

	/** Attribute values longer than this are cut, so no header or path can bloat a span. */
	static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

	@Bean
	@ConditionalOnMissingBean
	Resource celloResource(CelloTelemetryProperties properties) {
		return TelemetryResource.create(properties.resolvedServiceName(), properties.getResourceAttributes());
	}

	@Bean
	@ConditionalOnMissingBean
	Sampler celloSampler(CelloTelemetryProperties properties) {
		return Sampler.parentBased(Sampler.traceIdRatioBased(properties.getSamplingRate()));
	}

	@Bean
	@ConditionalOnMissingBean
	SpanLimits celloSpanLimits() {
		return SpanLimits.builder().setMaxAttributeValueLength(MAX_ATTRIBUTE_VALUE_LENGTH).build();
	}

	@Bean
	@ConditionalOnMissingBean
	ContextPropagators celloContextPropagators(CelloTelemetryProperties properties) {
		return CelloPropagators.create(properties.propagationFormats());
	}

	@Bean
	@ConditionalOnMissingBean
	ExportStatistics celloExportStatistics() {
		return new ExportStatistics();
	}

	@Bean
	SpanStartCounter celloSpanStartCounter(ExportStatistics statistics) {
		return new SpanStartCounter(statistics);
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	SdkTracerProvider celloTracerProvider(Resource resource, Sampler sampler, SpanLimits spanLimits,
			ObjectProvider<SpanProcessor> spanProcessors) {
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
			.setResource(resource)
			.setSampler(sampler)
			.setSpanLimits(spanLimits);
		spanProcessors.orderedStream().forEach(builder::addSpanProcessor);
		return builder.build();
	}

	@Bean
	TracerProviderShutdown celloTracerProviderShutdown(SdkTracerProvider tracerProvider,
			CelloTelemetryProperties properties) {
		return new TracerProviderShutdown(tracerProvider, properties.getExportTimeout());
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean(OpenTelemetry.class)
	OpenTelemetrySdk celloOpenTelemetry(SdkTracerProvider tracerProvider, ContextPropagators propagators) {
		return OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).setPropagators(propagators).build();
	}

	@Bean
	@ConditionalOnMissingBean
	Tracer celloTracer(OpenTelemetry openTelemetry) {
		return openTelemetry.getTracer(INSTRUMENTATION_NAME, CelloVersion.get());
	}

}
