package io.cello.telemetry.internal.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells an export outage instead of shouting it: one warning when exports start failing
 * (the cause and the endpoint), at most one summary per {@link #SUMMARY_INTERVAL} while
 * they keep failing (spans failed and dropped since the last summary and since the outage
 * began), and one line when an export succeeds again (how long the outage lasted, what it
 * cost). Spans dropped while exports succeed (the queue outpaced) are told at most once
 * per interval too. The SDK's own lines for the same events are silenced by
 * {@link SdkExportLogFilter}.
 */
public final class ExportOutageLog implements ExportStatistics.Listener {

	/** The least time between two summaries of one outage. */
	public static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(ExportOutageLog.class);

	private final String target;

	private final ExportFailureCause causes;

	private final LongSupplier droppedSpans;

	private final Clock clock;

	private Duration summaryInterval = SUMMARY_INTERVAL;

	private @Nullable Instant outageStart;

	/** When the outage began or was last summarized; read during an outage only. */
	private Instant lastSummary;

	private @Nullable String lastCause;

	private long failedInOutage;

	private long failedSinceSummary;

	private long droppedAtOutageStart;

	private long droppedAtSummary;

	/** When the export that last began or ended an outage started, from {@link System#nanoTime()}. */
	private long lastTurnStarted = System.nanoTime();

	private Instant lastDropReport;

	private long droppedReported;

	/**
	 * @param endpoint where spans go, or {@code null} when unknown
	 * @param causes what tells an export's failure
	 * @param droppedSpans spans dropped so far because the export queue was full
	 */
	public ExportOutageLog(@Nullable String endpoint, ExportFailureCause causes, LongSupplier droppedSpans) {
		this(endpoint, causes, droppedSpans, Clock.systemUTC());
	}

	ExportOutageLog(@Nullable String endpoint, ExportFailureCause causes, LongSupplier droppedSpans, Clock clock) {
		this.target = (endpoint != null) ? "Span export to " + endpoint : "Span export";
		this.causes = causes;
		this.droppedSpans = droppedSpans;
		this.clock = clock;
		this.lastDropReport = clock.instant();
		this.lastSummary = this.lastDropReport;
		SdkExportLogFilter.install();
	}

	/** Shortens the time between summaries, for tests. */
	void summaryInterval(Duration summaryInterval) {
		this.summaryInterval = summaryInterval;
	}

	@Override
	public synchronized void failed(int spans, @Nullable Throwable error, long started) {
		Instant now = this.clock.instant();
		if (this.outageStart == null) {
			if (started - this.lastTurnStarted < 0) {
				// Sent before the export that ended the last outage: a late answer, not a new outage.
				return;
			}
			this.lastTurnStarted = started;
			this.lastCause = this.causes.describe(error);
			this.outageStart = now;
			this.lastSummary = now;
			this.failedInOutage = spans;
			this.failedSinceSummary = spans;
			this.droppedAtOutageStart = this.droppedSpans.getAsLong();
			this.droppedAtSummary = this.droppedAtOutageStart;
			logger.warn(this.target + " is failing: " + this.lastCause + ". Failed and dropped spans are counted"
					+ " (health: telemetry); a summary follows at most every "
					+ ExportFailureCause.readable(this.summaryInterval) + " until it recovers.");
			return;
		}
		this.lastCause = this.causes.describe(error);
		this.failedInOutage += spans;
		this.failedSinceSummary += spans;
		if (!now.isBefore(this.lastSummary.plus(this.summaryInterval))) {
			long dropped = this.droppedSpans.getAsLong();
			logger.warn(this.target + " still failing after "
					+ ExportFailureCause.readable(Duration.between(this.outageStart, now)) + ": " + this.lastCause
					+ ". Since the last summary " + this.failedSinceSummary + " spans failed and "
					+ (dropped - this.droppedAtSummary) + " were dropped; since the outage began "
					+ this.failedInOutage + " failed and " + (dropped - this.droppedAtOutageStart) + " dropped.");
			this.lastSummary = now;
			this.failedSinceSummary = 0;
			this.droppedAtSummary = dropped;
		}
	}

	@Override
	public synchronized void exported(int spans, long started) {
		Instant now = this.clock.instant();
		if (this.outageStart != null && started - this.lastTurnStarted >= 0) {
			this.lastTurnStarted = started;
			long dropped = this.droppedSpans.getAsLong();
			logger.info(this.target + " recovered after "
					+ ExportFailureCause.readable(Duration.between(this.outageStart, now)) + " (last cause: "
					+ this.lastCause + "). During the outage " + this.failedInOutage + " spans failed and "
					+ (dropped - this.droppedAtOutageStart) + " were dropped.");
			this.outageStart = null;
			this.lastDropReport = now;
			this.droppedReported = dropped;
			return;
		}
		if (this.outageStart == null && !now.isBefore(this.lastDropReport.plus(this.summaryInterval))) {
			long dropped = this.droppedSpans.getAsLong();
			if (dropped > this.droppedReported) {
				logger.warn((dropped - this.droppedReported) + " spans dropped in the last "
						+ ExportFailureCause.readable(Duration.between(this.lastDropReport, now))
						+ " because the export queue was full (cello.telemetry.max-queue-size)");
			}
			this.lastDropReport = now;
			this.droppedReported = dropped;
		}
	}

}
