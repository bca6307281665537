package io.cello.telemetry.internal.export;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the OpenTelemetry SDK's batch span processor and span exporters from logging,
 * for Cello's own exports, the lines {@link ExportOutageLog} reports in its place: the
 * processor's "dropped N span(s)" at every export while its queue overflows, and each
 * exporter's "Failed to export spans".
 * <p>
 * The SDK logs these through {@code java.util.logging} loggers named after its classes,
 * shared by every processor and exporter in the JVM, and none of its builders can turn
 * them off. So the filter is installed on those four loggers only, and drops a warning
 * only when it is logged on one of {@link ExportThreads Cello's export threads}: the
 * application's own loggers, processors and exporters keep their lines. Whatever filter a
 * logger had before still applies.
 */
final class SdkExportLogFilter implements Filter {

	static final List<String> LOGGER_NAMES = List.of("io.opentelemetry.sdk.trace.export.BatchSpanProcessor",
			"io.opentelemetry.exporter.internal.http.HttpExporter",
			"io.opentelemetry.exporter.internal.grpc.GrpcExporter",
			"io.opentelemetry.exporter.zipkin.ZipkinSpanExporter");

	/** Held so that the loggers, and their filters, are not collected before the SDK uses them. */
	private static final List<Logger> filtered = new ArrayList<>();

	private final @Nullable Filter previous;

	private SdkExportLogFilter(@Nullable Filter previous) {
		this.previous = previous;
	}

	/** Installs the filter on the SDK's loggers, once. */
	static synchronized void install() {
		for (String name : LOGGER_NAMES) {
			Logger logger = Logger.getLogger(name);
			if (!(logger.getFilter() instanceof SdkExportLogFilter)) {
				logger.setFilter(new SdkExportLogFilter(logger.getFilter()));
				filtered.add(logger);
			}
		}
	}

	@Override
	public boolean isLoggable(LogRecord record) {
		if (record.getLevel().intValue() >= Level.WARNING.intValue() && ExportThreads.isExportThread()) {
			return false;
		}
		return this.previous == null || this.previous.isLoggable(record);
	}

}
