package io.cello.telemetry.internal.propagation;

import io.cello.telemetry.internal.PropertyValue;

/**
 * A trace context propagation format.
 */
public enum PropagationFormat implements PropertyValue {

	W3C("w3c"), B3("b3"), B3_MULTI("b3multi"), JAEGER("jaeger");

	private final String value;

	PropagationFormat(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

}
