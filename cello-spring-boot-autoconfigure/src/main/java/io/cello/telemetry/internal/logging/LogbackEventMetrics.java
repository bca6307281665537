package io.cello.telemetry.internal.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;

/**
 * {@code logback.events}, the count of log events by level, as Micrometer's
 * {@link LogbackMetrics} reports it, counted by an appender on the root logger instead of
 * a turbo filter. Logback asks every turbo filter about every {@code isDebugEnabled()}
 * and {@code isTraceEnabled()} check, logged or not, and Spring and Reactor Netty make
 * dozens of those per request; an appender runs only for the events that are logged.
 * <p>
 * What differs: an event of a logger that does not pass its events on to the root
 * logger's appenders ({@code additivity="false"}) is not counted.
 */
public final class LogbackEventMetrics extends LogbackMetrics implements LoggerContextListener {

	private static final String NAME = "logback.events";

	private static final String DESCRIPTION = "Number of log events that were enabled by the effective log level";

	private final LoggerContext loggerContext;

	private final List<CountingAppender> appenders = new CopyOnWriteArrayList<>();

	public LogbackEventMetrics(LoggerContext loggerContext) {
		super(Tags.empty(), loggerContext);
		this.loggerContext = loggerContext;
		loggerContext.addListener(this);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CountingAppender appender = new CountingAppender(registry);
		appender.setContext(this.loggerContext);
		this.appenders.add(appender);
		attach(appender);
	}

	@Override
	public void close() {
		this.loggerContext.removeListener(this);
		Logger root = root();
		for (CountingAppender appender : this.appenders) {
			root.detachAppender(appender);
			appender.stop();
		}
		this.appenders.clear();
		super.close();
	}

	private void attach(CountingAppender appender) {
		appender.start();
		root().addAppender(appender);
	}

	private Logger root() {
		return this.loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	/** A reset (a reconfiguration of Logback) removes every appender: attach them again. */
	@Override
	public void onReset(LoggerContext context) {
		this.appenders.forEach(this::attach);
	}

	@Override
	public boolean isResetResistant() {
		return true;
	}

	@Override
	public void onStart(LoggerContext context) {
	}

	@Override
	public void onStop(LoggerContext context) {
	}

	@Override
	public void onLevelChange(Logger logger, Level level) {
	}

	/** Counts the events that reach it, by level, into one registry. */
	static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		private final Counter error;

		private final Counter warn;

		private final Counter info;

		private final Counter debug;

		private final Counter trace;

		CountingAppender(MeterRegistry registry) {
			setName("cello-logback-events");
			this.error = counter(registry, "error");
			this.warn = counter(registry, "warn");
			this.info = counter(registry, "info");
			this.debug = counter(registry, "debug");
			this.trace = counter(registry, "trace");
		}

		private static Counter counter(MeterRegistry registry, String level) {
			return Counter.builder(NAME).tag("level", level).description(DESCRIPTION).baseUnit("events").register(registry);
		}

		@Override
		protected void append(ILoggingEvent event) {
			switch (event.getLevel().toInt()) {
				case Level.ERROR_INT -> this.error.increment();
				case Level.WARN_INT -> this.warn.increment();
				case Level.INFO_INT -> this.info.increment();
				case Level.DEBUG_INT -> this.debug.increment();
				case Level.TRACE_INT -> this.trace.increment();
				default -> {
				}
			}
		}

	}

}
