package io.cello.telemetry.internal.export;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.cello.telemetry.testsupport.LocalServer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK's export failure lines are silenced for Cello's exports only: an exporter the
 * application builds itself, in the same JVM and through the same SDK logger, keeps them.
 */
class SdkExportLogFilterTests {

	private static final String HTTP_EXPORTER_LOGGER = "io.opentelemetry.exporter.internal.http.HttpExporter";

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler capture = new Handler() {

		@Override
		public void publish(LogRecord record) {
			SdkExportLogFilterTests.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private final Logger logger = Logger.getLogger(HTTP_EXPORTER_LOGGER);

	@BeforeEach
	void captureSdkExporterLog() {
		SdkExportLogFilter.install();
		this.logger.addHandler(this.capture);
	}

	@AfterEach
	void stopCapturing() {
		this.logger.removeHandler(this.capture);
	}

	@Test
	void applicationsOwnExporterKeepsItsFailureLineWhileCellosIsSilenced() throws IOException {
		String refusedEndpoint = "http://127.0.0.1:" + LocalServer.closedPort() + "/v1/traces";
		try (OtlpHttpSpanExporter cellos = exporter(refusedEndpoint).setExecutorService(ExportThreads.newExecutor())
			.build(); OtlpHttpSpanExporter applications = exporter(refusedEndpoint).build()) {
			assertThat(cellos.export(List.of(span())).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
			assertThat(this.records).isEmpty();

			assertThat(applications.export(List.of(span())).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
			assertThat(this.records).hasSize(1);
			assertThat(this.records.get(0).getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue());
			assertThat(this.records.get(0).getMessage()).contains("Failed to export spans");
		}
	}

	private static OtlpHttpSpanExporterBuilder exporter(String endpoint) {
		return OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setRetryPolicy(null);
	}

	private static SpanData span() {
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
					TraceFlags.getSampled(), TraceState.getDefault()))
			.setName("GET /hello")
			.setKind(SpanKind.SERVER)
			.setStatus(StatusData.unset())
			.setStartEpochNanos(1)
			.setEndEpochNanos(2)
			.setHasEnded(true)
			.build();
	}

}
