package io.cello.telemetry.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;

/**
 * Claims, among Micrometer's tracing observation handlers, the observations whose span
 * Cello creates itself (WebFlux server requests, WebClient exchanges), and creates none
 * for them. Spring Boot applies only the first tracing handler that supports an
 * observation, so with this one first, each request has exactly one server span and each
 * exchange one client span.
 * <p>
 * The observations keep running, so their metrics are unchanged. Each gets an empty
 * tracing context, which Micrometer's tracing-aware metrics handler expects to find.
 * Observations inside handler code (an {@code @Observed} method, an R2DBC query) are not
 * claimed: they become spans as usual, children of Cello's current request span.
 */
public final class CelloTracedObservationHandler implements TracingObservationHandler<Observation.Context> {

	private final Tracer tracer;

	private final boolean clientTraced;

	/**
	 * @param clientTraced whether Cello traces WebClient exchanges, so that their
	 * observations are claimed too
	 */
	public CelloTracedObservationHandler(Tracer tracer, boolean clientTraced) {
		this.tracer = tracer;
		this.clientTraced = clientTraced;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext
				|| (this.clientTraced && context instanceof ClientRequestObservationContext);
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
