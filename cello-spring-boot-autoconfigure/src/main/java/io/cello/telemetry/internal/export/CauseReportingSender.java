package io.cello.telemetry.internal.export;

import java.io.IOException;
import java.util.List;

import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * A Zipkin sender that reports why a send failed to {@link ExportStatistics}: the Zipkin
 * span exporter only logs the exception and fails its result without it, which would
 * leave the health details with nothing to act on.
 */
public final class CauseReportingSender implements BytesMessageSender {

	private final BytesMessageSender delegate;

	private final ExportStatistics statistics;

	public CauseReportingSender(BytesMessageSender delegate, ExportStatistics statistics) {
		this.delegate = delegate;
		this.statistics = statistics;
	}

	@Override
	public void send(List<byte[]> encodedSpans) throws IOException {
		try {
			this.delegate.send(encodedSpans);
		}
		catch (IOException | RuntimeException ex) {
			this.statistics.causeReported(ex);
			throw ex;
		}
	}

	@Override
	public Encoding encoding() {
		return this.delegate.encoding();
	}

	@Override
	public int messageMaxBytes() {
		return this.delegate.messageMaxBytes();
	}

	@Override
	public int messageSizeInBytes(List<byte[]> encodedSpans) {
		return this.delegate.messageSizeInBytes(encodedSpans);
	}

	@Override
	public int messageSizeInBytes(int encodedSizeInBytes) {
		return this.delegate.messageSizeInBytes(encodedSizeInBytes);
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
