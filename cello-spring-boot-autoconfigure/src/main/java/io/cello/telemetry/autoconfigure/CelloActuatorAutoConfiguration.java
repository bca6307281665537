package io.cello.telemetry.autoconfigure;

import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.actuate.OpenTelemetryExemplarSpanContext;
import io.cello.telemetry.internal.actuate.TelemetryHealthIndicator;
import io.cello.telemetry.internal.actuate.SamplingMetrics;
import io.cello.telemetry.internal.actuate.TelemetryMetrics;
import io.cello.telemetry.internal.export.BatchProcessorTelemetry;
import io.cello.telemetry.internal.export.ExportEndpoint;
import io.cello.telemetry.internal.export.ExportFailureCause;
import io.cello.telemetry.internal.export.ExportStatistics;
import io.cello.telemetry.internal.export.ExporterType;
import io.cello.telemetry.internal.sampling.SamplingStatistics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.prometheus.metrics.tracer.common.SpanContext;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The telemetry's own metrics and health, and trace exemplars on Prometheus histograms.
 * Cello's exemplars replace Spring Boot's, which cannot see the request a server metric
 * belongs to once the request's span has ended.
 */
@AutoConfiguration(after = CelloTelemetryAutoConfiguration.class, beforeName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean(ExportStatistics.class)
public final class CelloActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TelemetryMetrics celloTelemetryMetrics(ExportStatistics statistics,
				ObjectProvider<BatchProcessorTelemetry> processor) {
			return new TelemetryMetrics(statistics, processor.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SamplingStatistics.class)
		SamplingMetrics celloSamplingMetrics(SamplingStatistics statistics) {
			return new SamplingMetrics(statistics);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "telemetryHealthIndicator")
		TelemetryHealthIndicator telemetryHealthIndicator(CelloTelemetryProperties properties,
				ExportStatistics statistics, ObjectProvider<BatchProcessorTelemetry> processor,
				BeanFactory beanFactory) {
			String exporter = PropertyValue.of(ExporterType.class, properties.getExporter()).value();
			String endpoint = ExportEndpoint.of(properties, beanFactory);
			return new TelemetryHealthIndicator(exporter, endpoint, statistics,
					processor.getIfAvailable(), new ExportFailureCause(endpoint, properties.getExportTimeout()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpanContext.class)
	static class ExemplarsConfiguration {

		@Bean
		@ConditionalOnMissingBean(SpanContext.class)
		OpenTelemetryExemplarSpanContext celloExemplarSpanContext() {
			return new OpenTelemetryExemplarSpanContext();
		}

	}

}
