package io.cello.telemetry.autoconfigure;

import java.util.List;

import io.cello.telemetry.autoconfigure.export.BatchExportConfiguration;
import io.cello.telemetry.autoconfigure.export.LoggingExportConfiguration;
import io.cello.telemetry.autoconfigure.export.OtlpExportConfiguration;
import io.cello.telemetry.autoconfigure.export.ZipkinExportConfiguration;
import io.cello.telemetry.internal.export.ExportStatistics;
import io.cello.telemetry.internal.export.FlushAwaitingSpanProcessor;
import io.cello.telemetry.internal.export.SpanStartCounter;
import io.cello.telemetry.internal.export.TracerProviderShutdown;
import io.cello.telemetry.internal.propagation.CelloPropagators;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import io.cello.telemetry.internal.sampling.CelloSamplers;
import io.cello.telemetry.internal.sampling.DeferredSamplingSpanProcessor;
import io.cello.telemetry.internal.sampling.SamplingStatistics;
import io.cello.telemetry.internal.sampling.TraceKeepRule;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
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
@Import({ OtlpExportConfiguration.class, ZipkinExportConfiguration.class, LoggingExportConfiguration.class,
		BatchExportConfiguration.class })
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
	SamplingStatistics celloSamplingStatistics() {
		return new SamplingStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	Sampler celloSampler(CelloTelemetryProperties properties, SamplingStatistics statistics) {
		CelloTelemetryProperties.Sampling sampling = properties.getSampling();
		return CelloSamplers.create(properties.getSamplingRate(), sampling.isParentBased(),
				sampling.getMaxTracesPerSecond(), keepRule(properties).isActive(), statistics);
	}

	@Bean
	@ConditionalOnMissingBean
	SpanLimits celloSpanLimits() {
		return SpanLimits.builder().setMaxAttributeValueLength(MAX_ATTRIBUTE_VALUE_LENGTH).build();
	}

	@Bean
	@ConditionalOnMissingBean
	ContextPropagators celloContextPropagators(CelloTelemetryProperties properties) {
		return CelloPropagators.create(PropagationFormat.allOf(properties.getPropagation()));
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

	/**
	 * The tracer provider with every {@link SpanProcessor} bean (a batch processor with
	 * exports in flight made to {@link FlushAwaitingSpanProcessor wait for them} on flush)
	 * and, when a keep rule is set and the sampler can drop a trace, a
	 * {@link DeferredSamplingSpanProcessor} that hands kept
	 * traces to the SDK's export processors among them; then every
	 * {@link TracerProviderBuilderCustomizer}.
	 */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	SdkTracerProvider celloTracerProvider(Resource resource, Sampler sampler, SpanLimits spanLimits,
			ObjectProvider<SpanProcessor> spanProcessors, CelloTelemetryProperties properties,
			SamplingStatistics samplingStatistics, ObjectProvider<TracerProviderBuilderCustomizer> customizers) {
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
			.setResource(resource)
			.setSampler(sampler)
			.setSpanLimits(spanLimits);
		List<SpanProcessor> processors = spanProcessors.orderedStream().toList();
		processors.stream()
			.map(FlushAwaitingSpanProcessor::awaitingPendingExports)
			.forEach(builder::addSpanProcessor);
		CelloTelemetryProperties.Sampling sampling = properties.getSampling();
		TraceKeepRule keepRule = keepRule(properties);
		if (keepRule.isActive()) {
			List<SpanProcessor> exporting = processors.stream()
				.filter((processor) -> processor instanceof BatchSpanProcessor
						|| processor instanceof SimpleSpanProcessor)
				.toList();
			builder.addSpanProcessor(new DeferredSamplingSpanProcessor(keepRule, exporting,
					sampling.getMaxBufferedSpans(), samplingStatistics));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * The rule that keeps traces the sampler dropped; {@link TraceKeepRule#NONE} when the
	 * sampler cannot drop any (sampling everything, not parent-based, without a cap), so
	 * that nothing is recorded for it.
	 */
	static TraceKeepRule keepRule(CelloTelemetryProperties properties) {
		CelloTelemetryProperties.Sampling sampling = properties.getSampling();
		TraceKeepRule rule = new TraceKeepRule(sampling.isKeepErrors(), sampling.getKeepSlowerThan());
		boolean canDrop = CelloSamplers.canDrop(properties.getSamplingRate(), sampling.isParentBased(),
				sampling.getMaxTracesPerSecond());
		return (rule.isActive() && canDrop) ? rule : TraceKeepRule.NONE;
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
