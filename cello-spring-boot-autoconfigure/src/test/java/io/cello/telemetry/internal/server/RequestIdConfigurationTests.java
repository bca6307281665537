package io.cello.telemetry.internal.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.cello.telemetry.testsupport.SharedApplicationTests;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-ID settings, and the MDC being clean once requests are over. The tests that
 * can share an application's settings share the application.
 */
class RequestIdConfigurationTests {

	@Nested
	class HeaderOfItsOwnAndAnExcludedPath extends SharedApplicationTests {

		@Override
		protected String[] properties() {
			return new String[] { "cello.telemetry.request-id.header=X-Correlation-ID",
					"cello.telemetry.exclude-paths=/mdc/0" };
		}

		@Test
		void headerNameIsConfigurable() {
			WebTestClient.ResponseSpec response = this.client.get()
				.uri("/users/1")
				.header("X-Correlation-ID", "corr-1")
				.header("X-Request-ID", "ignored")
				.exchange();

			response.expectHeader().valueEquals("X-Correlation-ID", "corr-1").expectHeader().doesNotExist("X-Request-ID");
			assertThat(this.spans.serverSpan("/users/1").getAttributes().get(REQUEST_ID)).isEqualTo("corr-1");
		}

		@Test
		void requestIdReachesTheMdcAfterThreadHopsOnTracedAndExcludedPaths() {
			for (String path : List.of("/mdc/0", "/mdc/1")) {
				String requestId = "req" + path.replace('/', '-');
				this.client.get()
					.uri(path)
					.header("X-Correlation-ID", requestId)
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.request_id")
					.isEqualTo(requestId)
					.jsonPath("$.trace_id")
					.value((traceId) -> assertThat(traceId).as(path)
						.isEqualTo(path.equals("/mdc/0") ? "null" : this.spans.serverSpan("/mdc/1").getTraceId()));
			}
		}

	}

	@Nested
	class SwitchedOff extends SharedApplicationTests {

		@Override
		protected String[] properties() {
			return new String[] { "cello.telemetry.request-id.enabled=false" };
		}

		@Test
		void requestIdsCanBeSwitchedOff() {
			this.client.get()
				.uri("/users/1")
				.header("X-Request-ID", "req-1")
				.exchange()
				.expectHeader()
				.doesNotExist("X-Request-ID");
			assertThat(this.spans.serverSpan("/users/1").getAttributes().get(REQUEST_ID)).isNull();
		}

	}

	/** With the application's defaults, the application other test classes share too. */
	@Nested
	class Defaults extends SharedApplicationTests {

		@Test
		void noCorrelationIdStaysInTheMdcOfWorkerThreadsAfterRequests() throws Exception {
			for (int i = 0; i < 20; i++) {
				this.client.get().uri("/hops/" + i).header("X-Request-ID", "req-" + i).exchange().expectStatus().isOk();
			}
			List<String> leftovers = Collections.synchronizedList(new ArrayList<>());
			for (Scheduler scheduler : List.of(Schedulers.boundedElastic(), Schedulers.parallel())) {
				int tasks = 4 * Runtime.getRuntime().availableProcessors() + 10;
				CountDownLatch done = new CountDownLatch(tasks);
				for (int i = 0; i < tasks; i++) {
					scheduler.schedule(() -> {
						for (String key : List.of(CorrelationMdc.TRACE_ID, CorrelationMdc.SPAN_ID,
								CorrelationMdc.REQUEST_ID)) {
							if (MDC.get(key) != null) {
								leftovers.add(Thread.currentThread().getName() + " " + key + "=" + MDC.get(key));
							}
						}
						done.countDown();
					});
				}
				assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(leftovers).isEmpty();
		}

	}

}
