package io.cello.telemetry.internal.observation;

import java.util.List;

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
 * Kafka records and R2DBC statements, whose spans Cello makes too, are claimed the same
 * way. Other observations inside handler code (an {@code @Observed} method) are not
 * claimed: they become spans as usual, children of Cello's current request span.
 */
public final class CelloTracedObservationHandler implements TracingObservationHandler<Observation.Context> {

	private final Tracer tracer;

	private final boolean clientTraced;

	private final List<CelloTracedObservations> tracedElsewhere;

	/**
	 * @param clientTraced whether Cello traces WebClient exchanges, so that their
	 * observations are claimed too
	 * @param tracedElsewhere the other observations whose spans Cello makes (Kafka records,
	 * R2DBC statements)
	 */
	public CelloTracedObservationHandler(Tracer tracer, boolean clientTraced,
			List<CelloTracedObservations> tracedElsewhere) {
		this.tracer = tracer;
		this.clientTraced = clientTraced;
		this.tracedElsewhere = tracedElsewhere;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext
				|| (this.clientTraced && context instanceof ClientRequestObservationContext)
				|| CelloTracedObservations.anyContains(this.tracedElsewhere, context);
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
