package io.cello.telemetry.internal.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TraceRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong clock = new AtomicLong(42 * SECOND);

	@Test
	void admitsOneSecondsWorthAtOnceThenOneTracePerInterval() {
		TraceRateLimiter limiter = new TraceRateLimiter(4, this.clock::get);

		assertThat(acquired(limiter, 10)).isEqualTo(4);
		this.clock.addAndGet(SECOND / 4);
		assertThat(acquired(limiter, 10)).isEqualTo(1);
		this.clock.addAndGet(SECOND / 8);
		assertThat(acquired(limiter, 10)).isZero();
		this.clock.addAndGet(SECOND / 8);
		assertThat(acquired(limiter, 10)).isEqualTo(1);
	}

	@Test
	void anIdlePeriodBuildsNoMoreThanOneSecondsBurst() {
		TraceRateLimiter limiter = new TraceRateLimiter(3, this.clock::get);
		this.clock.addAndGet(3600 * SECOND);

		assertThat(acquired(limiter, 100)).isEqualTo(3);
	}

	@Test
	void aRateBelowOnePerSecondAdmitsOneTraceEveryFewSeconds() {
		TraceRateLimiter limiter = new TraceRateLimiter(0.5, this.clock::get);

		assertThat(acquired(limiter, 5)).isEqualTo(1);
		this.clock.addAndGet(SECOND);
		assertThat(acquired(limiter, 5)).isZero();
		this.clock.addAndGet(SECOND);
		assertThat(acquired(limiter, 5)).isEqualTo(1);
	}

	@Test
	void concurrentCallersShareTheSameBudget() throws Exception {
		TraceRateLimiter limiter = new TraceRateLimiter(1000, this.clock::get);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> callers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				callers.add(() -> acquired(limiter, 5000));
			}
			int total = 0;
			for (Future<Integer> admitted : pool.invokeAll(callers)) {
				total += admitted.get();
			}
			assertThat(total).isEqualTo(1000);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void rejectsARateThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceRateLimiter(0, this.clock::get));
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceRateLimiter(Double.NaN, this.clock::get));
	}

	private static int acquired(TraceRateLimiter limiter, int attempts) {
		int admitted = 0;
		for (int i = 0; i < attempts; i++) {
			if (limiter.tryAcquire()) {
				admitted++;
			}
		}
		return admitted;
	}

}
