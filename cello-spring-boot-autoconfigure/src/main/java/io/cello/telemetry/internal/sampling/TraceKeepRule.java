package io.cello.telemetry.internal.sampling;

import java.time.Duration;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import org.jspecify.annotations.Nullable;

/**
 * When a trace the sampler dropped is exported after all: its local root (the first span
 * of the trace in this process) ended in error, or took longer than a threshold.
 *
 * @param keepErrors whether a local root with status ERROR keeps its trace
 * @param keepSlowerThan the duration beyond which a local root keeps its trace, or
 * {@code null} for none
 */
public record TraceKeepRule(boolean keepErrors, @Nullable Duration keepSlowerThan) {

	/** The rule that keeps nothing. */
	public static final TraceKeepRule NONE = new TraceKeepRule(false, null);

	/** Whether this rule can keep anything, so that dropped spans must be recorded. */
	public boolean isActive() {
		return this.keepErrors || this.keepSlowerThan != null;
	}

	/** Why {@code localRoot}, just ended, keeps its trace, or {@code null} if it does not. */
	@Nullable KeepReason reasonToKeep(ReadableSpan localRoot) {
		if (this.keepErrors && localRoot.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR) {
			return KeepReason.ERROR;
		}
		if (this.keepSlowerThan != null && localRoot.getLatencyNanos() > this.keepSlowerThan.toNanos()) {
			return KeepReason.SLOW;
		}
		return null;
	}

}
