package io.cello.telemetry.observation;

import io.micrometer.observation.Observation;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The Micrometer observations whose span Cello already creates itself. Spring Boot's
 * tracing handlers skip them, so there is exactly one span per request; the observations
 * themselves still run, so their metrics are unchanged.
 */
final class CelloInstrumentedContexts {

	private CelloInstrumentedContexts() {
	}

	static boolean contains(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

}
