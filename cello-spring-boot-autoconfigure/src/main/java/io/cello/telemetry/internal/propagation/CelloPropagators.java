package io.cello.telemetry.internal.propagation;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;

/**
 * Builds OpenTelemetry's propagators for the configured formats: every format is
 * injected, and whichever arrives is extracted. W3C Trace Context goes through
 * {@link W3CTraceContextPropagator}, which follows the specification's header rules.
 */
public final class CelloPropagators {

	private CelloPropagators() {
	}

	public static ContextPropagators create(List<PropagationFormat> formats) {
		List<TextMapPropagator> propagators = new ArrayList<>();
		for (PropagationFormat format : formats) {
			switch (format) {
				case W3C -> {
					propagators.add(W3CTraceContextPropagator.getInstance());
					propagators.add(W3CBaggagePropagator.getInstance());
				}
				case B3 -> propagators.add(B3Propagator.injectingSingleHeader());
				case B3_MULTI -> propagators.add(B3Propagator.injectingMultiHeaders());
				case JAEGER -> propagators.add(JaegerPropagator.getInstance());
			}
		}
		return ContextPropagators.create(TextMapPropagator.composite(propagators));
	}

}
