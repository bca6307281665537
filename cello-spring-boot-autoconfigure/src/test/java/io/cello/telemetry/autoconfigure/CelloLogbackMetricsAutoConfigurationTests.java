package io.cello.telemetry.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.cello.telemetry.internal.logging.LogbackEventMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class CelloLogbackMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				LogbackMetricsAutoConfiguration.class, CelloLogbackMetricsAutoConfiguration.class));

	@Test
	void countsLoggedEventsWithoutATurboFilter() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LogbackMetrics.class).hasSingleBean(LogbackEventMetrics.class);
			assertThat(loggerContext().getTurboFilterList()).isEmpty();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			double before = registry.get("logback.events").tag("level", "warn").counter().count();
			LoggerFactory.getLogger(CelloLogbackMetricsAutoConfigurationTests.class).warn("counted");
			assertThat(registry.get("logback.events").tag("level", "warn").counter().count()).isEqualTo(before + 1);
		});
	}

	@Test
	void leavesSpringBootsWhenDisabledAndTheApplicationsOwnAsTheyAre() {
		this.runner.withPropertyValues("cello.telemetry.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(LogbackMetrics.class).doesNotHaveBean(LogbackEventMetrics.class);
			assertThat(loggerContext().getTurboFilterList()).isNotEmpty();
		});
		this.runner.withBean("applicationLogbackMetrics", LogbackMetrics.class, LogbackMetrics::new)
			.run((context) -> assertThat(context).hasSingleBean(LogbackMetrics.class)
				.hasBean("applicationLogbackMetrics"));
	}

	@Test
	void needsARegistryAndLogback() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CelloLogbackMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LogbackMetrics.class));
		this.runner.withClassLoader(new FilteredClassLoader(LoggerContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LogbackEventMetrics.class));
	}

	private static LoggerContext loggerContext() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

}
