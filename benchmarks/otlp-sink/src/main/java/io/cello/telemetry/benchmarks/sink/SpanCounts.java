package io.cello.telemetry.benchmarks.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;

import io.opentelemetry.proto.trace.v1.Span;

/** Spans counted by kind, in buckets of 100 ms of their start time. */
final class SpanCounts {

	private static final long BUCKET_MILLIS = 100;

	private static final int KINDS = Span.SpanKind.SPAN_KIND_CONSUMER_VALUE + 1;

	private final ConcurrentSkipListMap<Long, AtomicLongArray> buckets = new ConcurrentSkipListMap<>();

	void add(long startEpochMillis, Span.SpanKind kind) {
		int index = (kind == Span.SpanKind.UNRECOGNIZED) ? 0 : kind.getNumber();
		this.buckets.computeIfAbsent(startEpochMillis / BUCKET_MILLIS, (bucket) -> new AtomicLongArray(KINDS))
			.incrementAndGet(index);
	}

	/**
	 * Counts indexed by {@link Span.SpanKind} number, of spans started in the buckets that
	 * overlap [from, to]: callers leave more than a bucket of quiet around a window.
	 */
	long[] between(long fromEpochMillis, long toEpochMillis) {
		long[] total = new long[KINDS];
		for (Map.Entry<Long, AtomicLongArray> bucket : this.buckets
			.subMap(fromEpochMillis / BUCKET_MILLIS, true, toEpochMillis / BUCKET_MILLIS, true)
			.entrySet()) {
			for (int kind = 0; kind < KINDS; kind++) {
				total[kind] += bucket.getValue().get(kind);
			}
		}
		return total;
	}

}
