package io.cello.telemetry.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Claims, among Micrometer's tracing observation handlers, the observations whose span
 * Cello creates itself (WebFlux server requests), and creates none for them: Spring
 * Boot's tracing handlers only handle the first observation handler that supports an
 * observation, so with this one first, each request has exactly one server span.
 * <p>
 * The observations keep running, so their metrics are unchanged. Each gets an empty
 * tracing context, which Micrometer's tracing-aware metrics handler expects to find.
 * Observations inside handler code (an {@code @Observed} method, an R2DBC query) are not
 * claimed: they become spans as usual, children of Cello's current request span.
 */
public final class CelloTracedObservationHandler implements TracingObservationHandler<Observation.Context> {

	private final Tracer tracer;

	public CelloTracedObservationHandler(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		getTracingContext(context);
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
	}

	@Override
	public void onScopeReset(Observation.Context context) {
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public void onError(Observation.Context context) {
	}

	@Override
	public void onStop(Observation.Context context) {
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
