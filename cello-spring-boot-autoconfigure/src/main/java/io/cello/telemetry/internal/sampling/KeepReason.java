package io.cello.telemetry.internal.sampling;

/**
 * Why a trace the sampler dropped was exported after all.
 */
public enum KeepReason {

	/** Its local root ended with status ERROR. */
	ERROR,

	/** Its local root took longer than the threshold. */
	SLOW;

	/** The value of the {@code reason} tag on metrics. */
	public String tagValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
