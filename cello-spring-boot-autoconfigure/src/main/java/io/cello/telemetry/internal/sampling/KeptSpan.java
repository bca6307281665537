package io.cello.telemetry.internal.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended span that was recorded without being sampled, seen as sampled: the SDK's export
 * processors export only sampled spans, and the deferred decision has sampled it.
 */
final class KeptSpan implements ReadableSpan {

	private final ReadableSpan span;

	private final SpanContext spanContext;

	KeptSpan(ReadableSpan span) {
		this.span = span;
		SpanContext recorded = span.getSpanContext();
		this.spanContext = SpanContext.create(recorded.getTraceId(), recorded.getSpanId(), TraceFlags.getSampled(),
				recorded.getTraceState());
	}

	@Override
	public SpanContext getSpanContext() {
		return this.spanContext;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.span.getParentSpanContext();
	}

	@Override
	public String getName() {
		return this.span.getName();
	}

	@Override
	public SpanData toSpanData() {
		return new DelegatingSpanData(this.span.toSpanData()) {

			@Override
			public SpanContext getSpanContext() {
				return KeptSpan.this.spanContext;
			}

		};
	}

	@Override
	@Deprecated
	public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
		return this.span.getInstrumentationLibraryInfo();
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return this.span.getInstrumentationScopeInfo();
	}

	@Override
	public boolean hasEnded() {
		return this.span.hasEnded();
	}

	@Override
	public long getLatencyNanos() {
		return this.span.getLatencyNanos();
	}

	@Override
	public SpanKind getKind() {
		return this.span.getKind();
	}

	@Override
	public <T> T getAttribute(AttributeKey<T> key) {
		return this.span.getAttribute(key);
	}

	@Override
	public Attributes getAttributes() {
		return this.span.getAttributes();
	}

}
