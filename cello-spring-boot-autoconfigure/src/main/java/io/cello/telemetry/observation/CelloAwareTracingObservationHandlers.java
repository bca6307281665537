package io.cello.telemetry.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Micrometer's tracing observation handlers, minus the observations Cello traces itself.
 * Observations in handler code, such as {@code @Observed} methods or R2DBC queries, still
 * become spans, children of Cello's current request span.
 */
public final class CelloAwareTracingObservationHandlers {

	private CelloAwareTracingObservationHandlers() {
	}

	public static final class Default extends DefaultTracingObservationHandler {

		public Default(Tracer tracer) {
			super(tracer);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return !CelloInstrumentedContexts.contains(context) && super.supportsContext(context);
		}

	}

	public static final class Receiver
			extends PropagatingReceiverTracingObservationHandler<io.micrometer.observation.transport.ReceiverContext<?>> {

		public Receiver(Tracer tracer, Propagator propagator) {
			super(tracer, propagator);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return !CelloInstrumentedContexts.contains(context) && super.supportsContext(context);
		}

	}

	public static final class Sender
			extends PropagatingSenderTracingObservationHandler<io.micrometer.observation.transport.SenderContext<?>> {

		public Sender(Tracer tracer, Propagator propagator) {
			super(tracer, propagator);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return !CelloInstrumentedContexts.contains(context) && super.supportsContext(context);
		}

	}

}
