package io.cello.telemetry.internal.propagation;

import io.cello.telemetry.internal.PropertyValue;

/**
 * A trace context propagation format.
 */
public enum PropagationFormat implements PropertyValue {

	W3C, B3, B3_MULTI, JAEGER;

}
