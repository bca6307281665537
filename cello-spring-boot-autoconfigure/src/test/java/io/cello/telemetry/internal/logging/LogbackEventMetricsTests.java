package io.cello.telemetry.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogbackEventMetricsTests {

	private final LoggerContext loggerContext = new LoggerContext();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final LogbackEventMetrics metrics = new LogbackEventMetrics(this.loggerContext);

	private final Logger logger = this.loggerContext.getLogger("io.cello.example");

	@BeforeEach
	void bind() {
		this.loggerContext.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		this.metrics.bindTo(this.registry);
	}

	@AfterEach
	void close() {
		this.metrics.close();
		this.loggerContext.stop();
	}

	@Test
	void countsEachLoggedEventUnderItsLevel() {
		this.logger.error("one");
		this.logger.warn("two");
		this.logger.warn("three");
		this.logger.info("four");
		this.logger.debug("below the logger's level");
		assertThat(count("error")).isEqualTo(1);
		assertThat(count("warn")).isEqualTo(2);
		assertThat(count("info")).isEqualTo(1);
		assertThat(count("debug")).isZero();
		this.logger.setLevel(Level.TRACE);
		this.logger.trace("five");
		assertThat(count("trace")).isEqualTo(1);
	}

	@Test
	void levelChecksCostNoFilter() {
		assertThat(this.loggerContext.getTurboFilterList()).isEmpty();
		assertThat(this.logger.isDebugEnabled()).isFalse();
		assertThat(count("debug")).isZero();
	}

	@Test
	void keepsCountingAfterLogbackIsReconfigured() {
		this.loggerContext.reset();
		this.logger.error("after the reset");
		assertThat(count("error")).isEqualTo(1);
	}

	@Test
	void stopsCountingWhenClosed() {
		this.metrics.close();
		this.logger.error("after close");
		assertThat(count("error")).isZero();
		this.loggerContext.reset();
		this.logger.error("after close and a reset");
		assertThat(count("error")).isZero();
	}

	private double count(String level) {
		return this.registry.get("logback.events").tag("level", level).counter().count();
	}

}
