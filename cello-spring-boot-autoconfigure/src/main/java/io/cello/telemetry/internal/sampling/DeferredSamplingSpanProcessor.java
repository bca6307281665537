package io.cello.telemetry.internal.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Decides, when a local root span ends, whether the spans of its trace that were recorded
 * but not sampled are exported after all ({@link TraceKeepRule}). Until then they are
 * held, up to {@code capacity} spans in all; a span that finds the buffer full is never
 * exported, and counted. Kept spans are handed to the export processors as sampled spans;
 * spans of the same local trace that end after the decision follow it. Sampled spans pass
 * by untouched.
 * <p>
 * A local root is a span whose parent is remote or absent. A span whose local parent is
 * no longer held (it ended after its trace was decided, or found the buffer full) is not
 * held either, so it is never exported. Spans still waiting for a decision at shutdown
 * are not exported.
 */
public final class DeferredSamplingSpanProcessor implements SpanProcessor {

	private final TraceKeepRule rule;

	private final List<SpanProcessor> exportProcessors;

	private final int capacity;

	private final SamplingStatistics statistics;

	/** Every held span (open, or ended and waiting), keyed by the span itself. */
	private final Map<Object, LocalTrace> held = new ConcurrentHashMap<>();

	/**
	 * @param exportProcessors the processors that export sampled spans, such as the SDK's
	 * batch span processor
	 */
	public DeferredSamplingSpanProcessor(TraceKeepRule rule, List<SpanProcessor> exportProcessors, int capacity,
			SamplingStatistics statistics) {
		this.rule = rule;
		this.exportProcessors = List.copyOf(exportProcessors);
		this.capacity = capacity;
		this.statistics = statistics;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (span.getSpanContext().isSampled()) {
			return;
		}
		LocalTrace trace = null;
		Span parent = Span.fromContextOrNull(parentContext);
		if (parent != null && parent.getSpanContext().isValid() && !parent.getSpanContext().isRemote()) {
			trace = this.held.get(parent);
			if (trace == null || trace.isDropped()) {
				return;
			}
		}
		if (this.statistics.hold(this.capacity)) {
			this.held.put(span, (trace != null) ? trace : new LocalTrace(span));
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getSpanContext().isSampled()) {
			return;
		}
		LocalTrace trace = this.held.get(span);
		if (trace == null) {
			return;
		}
		List<ReadableSpan> decided = trace.ended(span, this.rule);
		if (decided == null) {
			return;
		}
		for (ReadableSpan done : decided) {
			this.held.remove(done);
		}
		this.statistics.release(decided.size());
		KeepReason reason = trace.keptFor();
		if (reason == null) {
			return;
		}
		if (span == trace.root) {
			this.statistics.countKept(reason);
		}
		for (ReadableSpan done : decided) {
			KeptSpan kept = new KeptSpan(done);
			for (SpanProcessor processor : this.exportProcessors) {
				processor.onEnd(kept);
			}
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		this.statistics.release(this.held.size());
		this.held.clear();
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "DeferredSamplingSpanProcessor{rule=" + this.rule + ", capacity=" + this.capacity + "}";
	}

	/** The spans of one trace in this process under one local root, until it ends. */
	private static final class LocalTrace {

		private final ReadableSpan root;

		/** Ended spans waiting for the root, if any; guarded by this. */
		private @Nullable List<ReadableSpan> waiting;

		private volatile boolean decided;

		private volatile @Nullable KeepReason keptFor;

		LocalTrace(ReadableSpan root) {
			this.root = root;
		}

		boolean isDropped() {
			return this.decided && this.keptFor == null;
		}

		@Nullable KeepReason keptFor() {
			return this.keptFor;
		}

		/**
		 * Takes an ended span: the spans now decided, or {@code null} while the root is
		 * still open.
		 */
		synchronized @Nullable List<ReadableSpan> ended(ReadableSpan span, TraceKeepRule rule) {
			if (this.decided) {
				return List.of(span);
			}
			if (span != this.root) {
				if (this.waiting == null) {
					this.waiting = new ArrayList<>(4);
				}
				this.waiting.add(span);
				return null;
			}
			this.keptFor = rule.reasonToKeep(span);
			this.decided = true;
			List<ReadableSpan> decidedNow = this.waiting;
			this.waiting = null;
			if (decidedNow == null) {
				return List.of(span);
			}
			decidedNow.add(span);
			return decidedNow;
		}

	}

}
