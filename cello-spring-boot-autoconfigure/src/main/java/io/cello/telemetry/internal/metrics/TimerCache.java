package io.cello.telemetry.internal.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.core.instrument.Timer;

/**
 * Timers by their tag values, so that a request records into its timer with one map lookup
 * instead of building, sorting and registering its tags. The keys are bounded as the
 * tags are: by routes, methods, statuses and exception types.
 *
 * @param <K> the key: the tag values
 */
final class TimerCache<K> {

	private final ConcurrentHashMap<K, Timer> timers = new ConcurrentHashMap<>();

	private final Function<K, Timer> register;

	TimerCache(Function<K, Timer> register) {
		this.register = register;
	}

	Timer get(K key) {
		Timer timer = this.timers.get(key);
		return (timer != null) ? timer : this.timers.computeIfAbsent(key, this.register);
	}

}
