package io.cello.telemetry.internal.observation;

import java.util.ArrayDeque;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;

/**
 * Turns Micrometer observations in application code (an {@code @Observed} method, an
 * R2DBC query) into OpenTelemetry spans, children of the current span, when Micrometer
 * Tracing is not there to do it. The HTTP observations whose spans Cello's filters create
 * are left alone, and so are the other {@link CelloTracedObservations}.
 */
public final class OpenTelemetryObservationHandler implements ObservationHandler<Observation.Context> {

	private final Tracer tracer;

	private final List<CelloTracedObservations> tracedElsewhere;

	/** @param tracedElsewhere the observations whose spans Cello makes by other means */
	public OpenTelemetryObservationHandler(Tracer tracer, List<CelloTracedObservations> tracedElsewhere) {
		this.tracer = tracer;
		this.tracedElsewhere = tracedElsewhere;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return !(context instanceof ServerRequestObservationContext)
				&& !(context instanceof ClientRequestObservationContext)
				&& !CelloTracedObservations.anyContains(this.tracedElsewhere, context);
	}

	@Override
	public void onStart(Observation.Context context) {
		Context parent = parentOf(context);
		Span span = this.tracer.spanBuilder(context.getName())
			.setParent(parent)
			.setSpanKind(kindOf(context))
			.startSpan();
		context.put(ObservationSpan.class, new ObservationSpan(span, parent.with(span)));
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		ObservationSpan observed = context.get(ObservationSpan.class);
		if (observed != null) {
			observed.scopes.push(observed.context.makeCurrent());
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		ObservationSpan observed = context.get(ObservationSpan.class);
		if (observed != null && !observed.scopes.isEmpty()) {
			observed.scopes.pop().close();
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		ObservationSpan observed = context.get(ObservationSpan.class);
		if (observed != null) {
			observed.span.addEvent(event.getContextualName());
		}
	}

	@Override
	public void onError(Observation.Context context) {
		ObservationSpan observed = context.get(ObservationSpan.class);
		Throwable error = context.getError();
		if (observed != null && error != null) {
			observed.span.setStatus(StatusCode.ERROR);
			observed.span.recordException(error);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		ObservationSpan observed = context.get(ObservationSpan.class);
		if (observed == null) {
			return;
		}
		Span span = observed.span;
		if (context.getContextualName() != null) {
			span.updateName(context.getContextualName());
		}
		if (span.isRecording()) {
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				span.setAttribute(keyValue.getKey(), keyValue.getValue());
			}
			for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
				span.setAttribute(keyValue.getKey(), keyValue.getValue());
			}
		}
		span.end();
	}

	/** The span of the nearest enclosing observation that has one, else the current context. */
	private static Context parentOf(Observation.Context context) {
		ObservationView parent = context.getParentObservation();
		while (parent != null) {
			ObservationSpan observed = parent.getContextView().get(ObservationSpan.class);
			if (observed != null) {
				return observed.context;
			}
			parent = parent.getContextView().getParentObservation();
		}
		return Context.current();
	}

	private static SpanKind kindOf(Observation.Context context) {
		if (context instanceof SenderContext<?>) {
			return SpanKind.CLIENT;
		}
		return (context instanceof ReceiverContext<?>) ? SpanKind.SERVER : SpanKind.INTERNAL;
	}

	private static final class ObservationSpan {

		private final Span span;

		private final Context context;

		private final ArrayDeque<Scope> scopes = new ArrayDeque<>(2);

		ObservationSpan(Span span, Context context) {
			this.span = span;
			this.context = context;
		}

	}

}
