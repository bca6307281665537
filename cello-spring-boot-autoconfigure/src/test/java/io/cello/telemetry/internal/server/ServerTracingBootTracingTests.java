package io.cello.telemetry.internal.server;

import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cello beside Spring Boot's own OpenTelemetry tracing
 * ({@code spring-boot-starter-opentelemetry}): Boot builds on Cello's SDK, each request
 * still has exactly one server span, and Micrometer observations in handler code become
 * its children. Runs in the surefire execution that has Boot's tracing on the classpath.
 */
class ServerTracingBootTracingTests extends SharedApplicationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Override
	protected String[] properties() {
		return new String[] { "management.otlp.metrics.export.enabled=false" };
	}

	@Test
	void bootsTracingIsPresentAndBuildsOnCellosSdk() {
		assertThat(this.context.getBeansOfType(io.micrometer.tracing.Tracer.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(OpenTelemetry.class)).containsExactly("celloOpenTelemetry");
		assertThat(this.context.getBeanNamesForType(Tracer.class)).containsExactly("celloTracer");
	}

	@Test
	void exactlyOneServerSpanPerRequest() {
		this.client.get()
			.uri("/users/1")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.isOk();

		SpanData server = this.spans.serverSpan("/users/1");
		assertThat(server.getName()).isEqualTo("GET /users/{id}");
		assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(this.spans.all()).filteredOn((span) -> span.getKind() == SpanKind.SERVER).hasSize(1);
		assertThat(this.spans.all()).filteredOn((span) -> span.getTraceId().equals(TRACE_ID)).hasSize(1);
	}

	@Test
	void observationsInHandlerCodeBecomeChildrenOfTheRequestSpan() {
		this.client.get().uri("/observed/7").exchange().expectStatus().isOk();

		this.spans.childOfTheOnlyServerSpan("/observed/7", "inventory.check");
	}

	@Test
	void bootsHttpServerMetricsAreStillRecordedOncePerRequest() {
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		long before = requestCount(meters, "/fn/items/{id}");

		this.client.get().uri("/fn/items/3").exchange().expectStatus().isOk();
		this.spans.serverSpan("/fn/items/3");

		org.awaitility.Awaitility.await()
			.untilAsserted(() -> assertThat(requestCount(meters, "/fn/items/{id}")).isEqualTo(before + 1));
	}

	private static long requestCount(MeterRegistry meters, String uri) {
		Timer timer = meters.find("http.server.requests").tag("uri", uri).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
