package io.cello.telemetry.internal.export;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Records the outcome of every export in {@link ExportStatistics}. The batch processor
 * calls it on its worker thread, which is thereby known as one of
 * {@link ExportThreads Cello's export threads}.
 */
public final class CountingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final ExportStatistics statistics;

	public CountingSpanExporter(SpanExporter delegate, ExportStatistics statistics) {
		this.delegate = delegate;
		this.statistics = statistics;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		ExportThreads.markCurrentThread();
		int count = spans.size();
		long started = System.nanoTime();
		CompletableResultCode result;
		try {
			result = this.delegate.export(spans);
		}
		catch (RuntimeException ex) {
			this.statistics.failed(count, ex, started);
			return CompletableResultCode.ofExceptionalFailure(ex);
		}
		result.whenComplete(() -> {
			if (result.isSuccess()) {
				this.statistics.exported(count, started);
			}
			else {
				this.statistics.failed(count, result.getFailureThrowable(), started);
			}
		});
		return result;
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "CountingSpanExporter{" + this.delegate + "}";
	}

}
