package io.cello.telemetry.internal.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * A batch span processor whose {@link #forceFlush()} also waits for the exports its
 * {@link PipelinedSpanExporter} still has in flight. The SDK's processor counts a batch as
 * flushed once its exporter has taken it, which with exports in flight is before the
 * collector has answered; whoever flushes (a test, a job about to exit) expects the spans
 * delivered. Everything else is the processor's own.
 */
public final class FlushAwaitingSpanProcessor implements SpanProcessor {

	private final BatchSpanProcessor delegate;

	private final PipelinedSpanExporter exporter;

	private FlushAwaitingSpanProcessor(BatchSpanProcessor delegate, PipelinedSpanExporter exporter) {
		this.delegate = delegate;
		this.exporter = exporter;
	}

	/**
	 * {@code processor}, made to wait for pending exports on flush when it is a batch span
	 * processor exporting through a {@link PipelinedSpanExporter}; otherwise as it is.
	 */
	public static SpanProcessor awaitingPendingExports(SpanProcessor processor) {
		if (processor instanceof BatchSpanProcessor batch
				&& batch.getSpanExporter() instanceof PipelinedSpanExporter pipelined) {
			return new FlushAwaitingSpanProcessor(batch, pipelined);
		}
		return processor;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.delegate.onStart(parentContext, span);
	}

	@Override
	public boolean isStartRequired() {
		return this.delegate.isStartRequired();
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.delegate.onEnd(span);
	}

	@Override
	public boolean isEndRequired() {
		return this.delegate.isEndRequired();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return PipelinedSpanExporter.sequence(this.delegate.forceFlush(), this.exporter::flush);
	}

	/** The processor's own: it waits for pending exports before shutting the exporter down. */
	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "FlushAwaitingSpanProcessor{" + this.delegate + "}";
	}

}
