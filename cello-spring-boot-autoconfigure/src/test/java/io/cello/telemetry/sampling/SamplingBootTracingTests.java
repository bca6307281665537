package io.cello.telemetry.sampling;

import io.cello.telemetry.server.TracedTestApplication;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cello.telemetry.http.HttpAttributes.HTTP_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeping errors with Spring Boot's own OpenTelemetry tracing on the classpath: Cello's
 * sampler is the one in use, and a kept trace reaches the application's own export
 * processor. Runs in the surefire execution that has Boot's tracing on the classpath.
 */
@SpringBootTest(classes = TracedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "cello.telemetry.service-name=orders",
				"cello.telemetry.exporter=none", "management.otlp.metrics.export.enabled=false",
				"cello.telemetry.sampling-rate=0", "cello.telemetry.sampling.keep-errors=true" })
class SamplingBootTracingTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordedSpans spans;

	@Autowired
	ApplicationContext context;

	@Test
	void aDroppedTraceThatEndsInErrorIsKept() {
		assertThat(this.context.getBeanNamesForType(Sampler.class)).containsExactly("celloSampler");
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		client.get().uri("/users/1").exchange().expectStatus().isOk();
		client.get().uri("/fail").exchange().expectStatus().is5xxServerError();

		SpanData failed = this.spans.serverSpan("/fail");
		assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(failed.getSpanContext().isSampled()).isTrue();
		assertThat(this.spans.all()).extracting((span) -> span.getAttributes().get(HTTP_URL)).containsExactly("/fail");
	}

}
