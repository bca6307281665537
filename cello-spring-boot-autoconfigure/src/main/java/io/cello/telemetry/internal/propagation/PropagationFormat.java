package io.cello.telemetry.internal.propagation;

import java.util.List;

import io.cello.telemetry.internal.PropertyValue;

/**
 * A trace context propagation format.
 */
public enum PropagationFormat implements PropertyValue {

	W3C, B3, B3_MULTI, JAEGER;

	/** The formats that {@code words} name, once validated: in their order, each once. */
	public static List<PropagationFormat> allOf(List<String> words) {
		return words.stream().map((word) -> PropertyValue.of(PropagationFormat.class, word)).distinct().toList();
	}

}
