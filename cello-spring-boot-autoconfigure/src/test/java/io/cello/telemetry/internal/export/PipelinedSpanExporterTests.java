package io.cello.telemetry.internal.export;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The SDK's batch span processor around a {@link PipelinedSpanExporter}, made to wait for
 * pending exports on flush ({@link FlushAwaitingSpanProcessor}), with an exporter whose
 * exports stay pending until the test completes them.
 */
class PipelinedSpanExporterTests {

	private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);

	private final HeldExporter exporter = new HeldExporter();

	private final ExportStatistics statistics = new ExportStatistics();

	private SdkTracerProvider tracerProvider;

	private BatchSpanProcessor batchProcessor;

	/** The batch processor's worker thread. */
	private Thread worker;

	@AfterEach
	void releaseEverything() {
		this.exporter.completeAll();
		if (this.tracerProvider != null) {
			this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void nextBatchLeavesWhileEarlierOnesAreStillPendingUpToTheLimit() {
		processor(2, EXPORT_TIMEOUT);
		endSpans(6);

		awaitBatches(2);
		assertThat(this.exporter.results).noneMatch(CompletableResultCode::isDone);
		awaitWorkerWaitingForAFreeSlot();
		assertThat(this.exporter.batches).as("a third export while two are pending").hasSize(2);

		this.exporter.results.get(0).succeed();
		awaitBatches(3);
		assertThat(this.exporter.mostPending.get()).isEqualTo(2);
		assertThat(this.exporter.calledConcurrently).as("export called while another call ran").isFalse();
	}

	@Test
	void oneInFlightKeepsOneExportPending() {
		processor(1, EXPORT_TIMEOUT);
		endSpans(4);

		awaitBatches(1);
		awaitWorkerWaitingForAFreeSlot();
		assertThat(this.exporter.batches).hasSize(1);
		this.exporter.results.get(0).succeed();
		awaitBatches(2);
		assertThat(this.exporter.mostPending.get()).isEqualTo(1);
	}

	@Test
	void exporterKeepsItsBatchAfterTheProcessorHasMovedOn() {
		processor(2, EXPORT_TIMEOUT);
		endSpans(6);

		awaitBatches(2);
		// The processor has taken a third batch, reusing its list.
		awaitWorkerWaitingForAFreeSlot();
		assertThat(this.exporter.batches).allSatisfy((batch) -> assertThat(batch).hasSize(2));
		assertThat(this.exporter.batches.get(0)).doesNotContainAnyElementsOf(this.exporter.batches.get(1));
	}

	@Test
	void flushWaitsForEveryPendingExport() {
		PipelinedSpanExporter pipelined = processor(2, EXPORT_TIMEOUT);
		endSpans(1);
		awaitBatches(1);

		CompletableResultCode flushed = pipelined.flush();
		assertThat(this.exporter.results).singleElement().matches((result) -> !result.isDone(), "pending");
		assertThat(flushed.isDone()).as("flushed while the export is pending").isFalse();

		this.exporter.results.get(0).succeed();
		assertThat(flushed.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
	}

	@Test
	void flushingTheTracerProviderWaitsForEveryPendingExport() {
		processor(2, EXPORT_TIMEOUT, true);
		endSpans(1);

		CompletableResultCode flushed = this.tracerProvider.forceFlush();
		awaitBatches(1);
		assertThat(this.batchProcessor.forceFlush().join(5, TimeUnit.SECONDS).isSuccess())
			.as("the SDK's processor has flushed")
			.isTrue();
		assertThat(flushed.isDone()).as("flushed while the export is pending").isFalse();

		this.exporter.results.get(0).succeed();
		assertThat(flushed.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
	}

	@Test
	void theSdkProcessorAloneReportsAFlushWhileItsExportIsStillPending() {
		processor(2, EXPORT_TIMEOUT, false);
		endSpans(1);

		CompletableResultCode flushed = this.tracerProvider.forceFlush();

		assertThat(flushed.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.exporter.results).singleElement().matches((result) -> !result.isDone(), "pending");
	}

	@Test
	void onlyABatchProcessorExportingThroughThePipelineIsMadeToWait() {
		BatchSpanProcessor direct = BatchSpanProcessor.builder(this.exporter).build();
		SpanProcessor simple = SimpleSpanProcessor.create(this.exporter);
		BatchSpanProcessor pipelined = BatchSpanProcessor
			.builder(new PipelinedSpanExporter(this.exporter, 2, EXPORT_TIMEOUT, this.statistics))
			.build();
		try {
			assertThat(FlushAwaitingSpanProcessor.awaitingPendingExports(direct)).isSameAs(direct);
			assertThat(FlushAwaitingSpanProcessor.awaitingPendingExports(simple)).isSameAs(simple);
			assertThat(FlushAwaitingSpanProcessor.awaitingPendingExports(pipelined))
				.isInstanceOf(FlushAwaitingSpanProcessor.class)
				.hasToString("FlushAwaitingSpanProcessor{" + pipelined + "}");
		}
		finally {
			direct.shutdown();
			pipelined.shutdown();
		}
	}

	@Test
	void shutdownReportsAPendingExportThatFailed() {
		CompletableResultCode shutDown = shutDownWithOneExportPending();
		this.exporter.results.get(0).fail();
		assertThat(shutDown.join(5, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(shutDown.isSuccess()).isFalse();
		assertThat(this.exporter.shutDown).isTrue();
	}

	@Test
	void shutdownExportsWhatIsQueuedAndWaitsForPendingExportsBeforeShuttingTheExporterDown() {
		CompletableResultCode shutDown = shutDownWithOneExportPending();
		// The worker ends once it has asked the pipeline to shut down.
		awaitWorkerEnded();
		assertThat(this.exporter.shutDown).as("exporter shut down while an export is pending").isFalse();
		assertThat(shutDown.isDone()).isFalse();

		this.exporter.results.get(0).succeed();
		assertThat(shutDown.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.exporter.shutDown).isTrue();
	}

	@Test
	void batchThatFindsNoFreeSlotInTimeIsCountedAsAFailedExport() {
		processor(2, Duration.ofMillis(300));
		endSpans(6);

		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.statistics.exportFailures()).isEqualTo(1));
		assertThat(this.statistics.spansFailed()).isEqualTo(2);
		assertThat(this.statistics.lastFailureCause()).hasMessageContaining("no export finished within PT0.3S");
		assertThat(this.exporter.batches).hasSize(2);
	}

	@Test
	void atLeastOneExportMustBeAllowedInFlight() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PipelinedSpanExporter(this.exporter, 0, EXPORT_TIMEOUT, this.statistics))
			.withMessageContaining("at least 1");
	}

	private PipelinedSpanExporter processor(int maxInFlight, Duration exportTimeout) {
		return processor(maxInFlight, exportTimeout, true);
	}

	/**
	 * @param awaitOnFlush whether the processor is made to wait for pending exports when
	 * flushed, as Cello's tracer provider makes it
	 */
	private PipelinedSpanExporter processor(int maxInFlight, Duration exportTimeout, boolean awaitOnFlush) {
		PipelinedSpanExporter pipelined = new PipelinedSpanExporter(this.exporter, maxInFlight, exportTimeout,
				this.statistics);
		Set<Thread> threads = Thread.getAllStackTraces().keySet();
		BatchSpanProcessor processor = BatchSpanProcessor.builder(pipelined)
			.setMaxExportBatchSize(2)
			.setMaxQueueSize(100)
			.setScheduleDelay(Duration.ofMillis(20))
			.setExporterTimeout(exportTimeout)
			.build();
		this.batchProcessor = processor;
		this.worker = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !threads.contains(thread) && thread.getName().startsWith("BatchSpanProcessor"))
			.findFirst()
			.orElseThrow();
		this.tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(awaitOnFlush ? FlushAwaitingSpanProcessor.awaitingPendingExports(processor) : processor)
			.build();
		return pipelined;
	}

	/** Ends one span and shuts down; returns once its export is pending. */
	private CompletableResultCode shutDownWithOneExportPending() {
		processor(2, EXPORT_TIMEOUT);
		endSpans(1);
		CompletableResultCode shutDown = this.tracerProvider.shutdown();
		awaitBatches(1);
		return shutDown;
	}

	private void awaitBatches(int count) {
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.exporter.batches.size() == count);
	}

	private void endSpans(int count) {
		for (int i = 0; i < count; i++) {
			this.tracerProvider.get("test").spanBuilder("span-" + i).startSpan().end();
		}
	}

	/** Waits until the processor's worker, with a batch in hand, waits for a free slot. */
	private void awaitWorkerWaitingForAFreeSlot() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.worker.getState() == Thread.State.TIMED_WAITING
					&& Arrays.stream(this.worker.getStackTrace())
						.anyMatch((frame) -> frame.getClassName().equals(PipelinedSpanExporter.class.getName())
								&& frame.getMethodName().equals("export")));
	}

	private void awaitWorkerEnded() {
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !this.worker.isAlive());
	}

	/** Keeps every export pending until the test completes its result. */
	static final class HeldExporter implements SpanExporter {

		final List<Collection<SpanData>> batches = new CopyOnWriteArrayList<>();

		final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();

		final AtomicInteger pending = new AtomicInteger();

		final AtomicInteger mostPending = new AtomicInteger();

		volatile boolean shutDown;

		volatile boolean calledConcurrently;

		private final AtomicBoolean exporting = new AtomicBoolean();

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			if (!this.exporting.compareAndSet(false, true)) {
				this.calledConcurrently = true;
			}
			try {
				CompletableResultCode result = new CompletableResultCode();
				this.mostPending.accumulateAndGet(this.pending.incrementAndGet(), Math::max);
				result.whenComplete(this.pending::decrementAndGet);
				this.batches.add(spans);
				this.results.add(result);
				return result;
			}
			finally {
				this.exporting.set(false);
			}
		}

		void completeAll() {
			this.results.forEach(CompletableResultCode::succeed);
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			this.shutDown = true;
			return CompletableResultCode.ofSuccess();
		}

	}

}
