package io.cello.telemetry.internal.context;

import io.opentelemetry.context.Context;
import reactor.core.scheduler.Schedulers;

/**
 * Carries the OpenTelemetry context that is current when a task is handed to one of
 * Reactor's schedulers into that task, with its IDs in the MDC: {@code publishOn},
 * {@code subscribeOn}, {@code delayElements}, {@code timeout} and every other operator
 * that moves work to a {@link reactor.core.scheduler.Scheduler} keep the request's span
 * current.
 * <p>
 * A task scheduled outside any request costs one thread-local read. This is the part of
 * Reactor's automatic context propagation that a request needs, at a cost paid only
 * where work actually changes threads; the request's own boundaries with the server and
 * the {@code WebClient} are covered by {@link ContextRestoring}.
 * <p>
 * The hook is process-wide; {@link #install()} counts its users, so that several
 * application contexts (tests keep several) share it and the last one to close removes
 * it.
 */
public final class SchedulerContextPropagation implements AutoCloseable {

	static final String HOOK_KEY = "cello.telemetry.context";

	private static final Object lock = new Object();

	private static int users;

	private boolean closed;

	private SchedulerContextPropagation() {
	}

	/** Installs the scheduler hook, unless it is installed already. */
	public static SchedulerContextPropagation install() {
		synchronized (lock) {
			if (users++ == 0) {
				Schedulers.onScheduleHook(HOOK_KEY, SchedulerContextPropagation::carryCurrentContext);
			}
		}
		return new SchedulerContextPropagation();
	}

	/** Removes the hook when no other user is left. */
	@Override
	public void close() {
		synchronized (lock) {
			if (!this.closed) {
				this.closed = true;
				if (--users == 0) {
					Schedulers.resetOnScheduleHook(HOOK_KEY);
				}
			}
		}
	}

	/** Whether the hook is installed, by this or another application context. */
	static boolean isInstalled() {
		synchronized (lock) {
			return users > 0;
		}
	}

	static Runnable carryCurrentContext(Runnable task) {
		Context context = Context.current();
		return (context != Context.root()) ? new ContextCarryingTask(context, task) : task;
	}

	private record ContextCarryingTask(Context context, Runnable task) implements Runnable {

		@Override
		public void run() {
			try (ContextScope scope = ContextScope.openUnlessCurrent(this.context)) {
				this.task.run();
			}
		}

	}

}
