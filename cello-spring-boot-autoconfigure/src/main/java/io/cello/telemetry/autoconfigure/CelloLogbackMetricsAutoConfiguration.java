package io.cello.telemetry.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.cello.telemetry.internal.logging.LogbackEventMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Actuator's {@code logback.events} metric, counted without a cost on every request: in
 * place of Spring Boot's {@link LogbackMetrics}, whose turbo filter Logback consults on
 * each of the many {@code isDebugEnabled()} checks a request makes, an appender counts
 * the events that are logged ({@link LogbackEventMetrics}). An application's own
 * {@code LogbackMetrics} bean is used as it is.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, LogbackMetrics.class, LoggerContext.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@Conditional(CelloLogbackMetricsAutoConfiguration.LogbackLogging.class)
public final class CelloLogbackMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LogbackMetrics.class)
	LogbackEventMetrics celloLogbackEventMetrics() {
		return new LogbackEventMetrics((LoggerContext) LoggerFactory.getILoggerFactory());
	}

	/** SLF4J logs through Logback (it may be on the classpath and not bound). */
	static final class LogbackLogging extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return (LoggerFactory.getILoggerFactory() instanceof LoggerContext)
					? ConditionOutcome.match("SLF4J is bound to Logback")
					: ConditionOutcome.noMatch("SLF4J is not bound to Logback");
		}

	}

}
