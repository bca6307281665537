package io.cello.telemetry.benchmarks;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.cello.telemetry.internal.logging.LogbackEventMetrics;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * What {@code logback.events} costs code that logs nothing: a {@code isDebugEnabled()} and
 * an {@code isTraceEnabled()} check through Spring's logging facade, at Spring Boot's
 * default level (INFO), with no metric, with Micrometer's {@link LogbackMetrics} (a turbo
 * filter, which Logback consults on every check) and with Cello's
 * {@link LogbackEventMetrics} (an appender, consulted only for logged events). Spring
 * and Reactor Netty make such checks many times per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogLevelCheckBenchmarks {

	@Param({ "none", "micrometer", "cello" })
	public String eventMetrics;

	private final Log log = LogFactory.getLog(LogLevelCheckBenchmarks.class);

	private LogbackMetrics metrics;

	@Setup
	public void setUp() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		this.metrics = switch (this.eventMetrics) {
			case "micrometer" -> new LogbackMetrics();
			case "cello" -> new LogbackEventMetrics(context);
			default -> null;
		};
		if (this.metrics != null) {
			this.metrics.bindTo(new SimpleMeterRegistry());
		}
	}

	@TearDown
	public void tearDown() {
		if (this.metrics != null) {
			this.metrics.close();
		}
	}

	@Benchmark
	public boolean debugAndTraceChecks() {
		return this.log.isDebugEnabled() | this.log.isTraceEnabled();
	}

}
