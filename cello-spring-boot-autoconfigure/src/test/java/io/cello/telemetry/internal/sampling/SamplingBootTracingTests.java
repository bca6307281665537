package io.cello.telemetry.internal.sampling;

import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;


import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeping errors with Spring Boot's own OpenTelemetry tracing on the classpath: Cello's
 * sampler is the one in use, and a kept trace reaches the application's own export
 * processor. Runs in the surefire execution that has Boot's tracing on the classpath.
 */
class SamplingBootTracingTests extends SharedApplicationTests {

	@Override
	protected String[] properties() {
		return new String[] { "management.otlp.metrics.export.enabled=false", "cello.telemetry.sampling-rate=0",
				"cello.telemetry.sampling.keep-errors=true" };
	}

	@Test
	void aDroppedTraceThatEndsInErrorIsKept() {
		assertThat(this.context.getBeanNamesForType(Sampler.class)).containsExactly("celloSampler");
		this.client.get().uri("/users/1").exchange().expectStatus().isOk();
		this.client.get().uri("/fail").exchange().expectStatus().is5xxServerError();

		SpanData failed = this.spans.serverSpan("/fail");
		assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(failed.getSpanContext().isSampled()).isTrue();
		assertThat(this.spans.all()).extracting((span) -> span.getAttributes().get(HTTP_URL)).containsExactly("/fail");
	}

}
