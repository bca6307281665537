package io.cello.telemetry.internal.propagation;

import java.util.Collection;
import java.util.Iterator;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * W3C Trace Context: OpenTelemetry's propagator, with header access that follows the
 * specification where that propagator does not.
 * <p>
 * OpenTelemetry reads only the first line of each header, so a second {@code traceparent}
 * went unnoticed and later {@code tracestate} lines were lost; and it parses
 * {@code tracestate} with an older key grammar and drops the whole list over one
 * duplicate key. Here, the delegate sees no {@code traceparent} when several arrived (the
 * request then starts a new trace, as the specification requires) and no
 * {@code tracestate} at all; the list is read from every line by
 * {@link W3CTraceStateParser} and attached to the extracted parent. Injection is the
 * delegate's.
 */
public final class W3CTraceContextPropagator implements TextMapPropagator {

	private static final String TRACEPARENT = "traceparent";

	private static final String TRACESTATE = "tracestate";

	private static final TextMapPropagator DELEGATE = io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator
		.getInstance();

	private static final W3CTraceContextPropagator INSTANCE = new W3CTraceContextPropagator();

	private W3CTraceContextPropagator() {
	}

	public static W3CTraceContextPropagator getInstance() {
		return INSTANCE;
	}

	@Override
	public Collection<String> fields() {
		return DELEGATE.fields();
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		DELEGATE.inject(context, carrier, setter);
	}

	@Override
	public <C> Context extract(@Nullable Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		if (context == null) {
			context = Context.root();
		}
		Context extracted = DELEGATE.extract(context, carrier, new SingleTraceparentGetter<>(getter));
		if (extracted == context) {
			return context;
		}
		SpanContext parent = Span.fromContext(extracted).getSpanContext();
		TraceState traceState = W3CTraceStateParser.parse(getter.getAll(carrier, TRACESTATE));
		if (traceState == null) {
			return extracted;
		}
		return extracted.with(Span.wrap(SpanContext.createFromRemoteParent(parent.getTraceId(), parent.getSpanId(),
				parent.getTraceFlags(), traceState)));
	}

	@Override
	public String toString() {
		return "CelloW3CTraceContextPropagator";
	}

	/** Shows the delegate one {@code traceparent} line or none, and no {@code tracestate}. */
	private static final class SingleTraceparentGetter<C> implements TextMapGetter<C> {

		private final TextMapGetter<C> getter;

		SingleTraceparentGetter(TextMapGetter<C> getter) {
			this.getter = getter;
		}

		@Override
		public Iterable<String> keys(C carrier) {
			return this.getter.keys(carrier);
		}

		@Override
		public @Nullable String get(@Nullable C carrier, String key) {
			if (TRACESTATE.equals(key)) {
				return null;
			}
			if (!TRACEPARENT.equals(key)) {
				return this.getter.get(carrier, key);
			}
			Iterator<String> lines = this.getter.getAll(carrier, key);
			if (!lines.hasNext()) {
				return null;
			}
			String first = lines.next();
			return lines.hasNext() ? null : first;
		}

		@Override
		public Iterator<String> getAll(@Nullable C carrier, String key) {
			return this.getter.getAll(carrier, key);
		}

	}

}
