package io.cello.telemetry.internal.export;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Knows which threads run Cello's exports: the worker thread of Cello's batch span
 * processor and the threads of {@link #newExecutor() the OTLP exporters' HTTP client}.
 * {@link SdkExportLogFilter} silences the OpenTelemetry SDK's failure lines logged on
 * them, and only on them, because {@link ExportOutageLog} reports those failures.
 */
public final class ExportThreads {

	private static final ThreadLocal<Boolean> exporting = new ThreadLocal<>();

	private ExportThreads() {
	}

	/** Whether the current thread runs Cello's exports. */
	static boolean isExportThread() {
		return Boolean.TRUE.equals(exporting.get());
	}

	/**
	 * Marks the current thread as one that runs Cello's exports; called on the batch
	 * processor's worker thread, which does nothing else.
	 */
	static void markCurrentThread() {
		if (!isExportThread()) {
			exporting.set(Boolean.TRUE);
		}
	}

	/**
	 * An executor for an OTLP exporter's HTTP client, whose threads carry the exporter's
	 * callbacks (and therefore its failure logging). Shaped like the client's own default:
	 * daemon threads created on demand that end after a minute without work, so it needs no
	 * shutdown.
	 */
	public static ExecutorService newExecutor() {
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new ExportThreadFactory());
	}

	private static final class ExportThreadFactory implements ThreadFactory {

		private static final AtomicInteger number = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(() -> {
				markCurrentThread();
				task.run();
			}, "cello-span-export-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
