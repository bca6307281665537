package io.cello.telemetry.internal.observation;

import io.micrometer.observation.Observation;

/**
 * Observations whose span Cello makes by other means (its Kafka handler, its R2DBC
 * listener), so that no other handler makes a second one: Cello's observation handler
 * leaves them alone, and with Micrometer Tracing present, Cello claims them from its
 * tracing handlers. Each Cello feature that makes such spans contributes a bean.
 */
@FunctionalInterface
public interface CelloTracedObservations {

	boolean contains(Observation.Context context);

	static boolean anyContains(Iterable<CelloTracedObservations> all, Observation.Context context) {
		for (CelloTracedObservations observations : all) {
			if (observations.contains(context)) {
				return true;
			}
		}
		return false;
	}

}
