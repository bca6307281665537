package io.cello.telemetry.internal.propagation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import org.jspecify.annotations.Nullable;

/**
 * An incoming {@code tracestate} list exactly as the current W3C Trace Context grammar
 * allows it, in its original order. OpenTelemetry's own {@link TraceState} enforces an
 * older key grammar and would refuse keys such as {@code foo@} or {@code 1vendor}.
 */
final class W3CTraceState implements TraceState {

	private final Map<String, String> members;

	W3CTraceState(LinkedHashMap<String, String> members) {
		this.members = Collections.unmodifiableMap(members);
	}

	@Override
	public @Nullable String get(String key) {
		return this.members.get(key);
	}

	@Override
	public int size() {
		return this.members.size();
	}

	@Override
	public boolean isEmpty() {
		return this.members.isEmpty();
	}

	@Override
	public void forEach(BiConsumer<String, String> consumer) {
		this.members.forEach(consumer);
	}

	@Override
	public Map<String, String> asMap() {
		return this.members;
	}

	/** A builder of OpenTelemetry's own, which keeps only the members its grammar accepts. */
	@Override
	public TraceStateBuilder toBuilder() {
		TraceStateBuilder builder = TraceState.builder();
		Object[] entries = this.members.entrySet().toArray();
		for (int i = entries.length - 1; i >= 0; i--) {
			@SuppressWarnings("unchecked")
			Map.Entry<String, String> entry = (Map.Entry<String, String>) entries[i];
			builder.put(entry.getKey(), entry.getValue());
		}
		return builder;
	}

	@Override
	public String toString() {
		return "W3CTraceState" + this.members;
	}

}
