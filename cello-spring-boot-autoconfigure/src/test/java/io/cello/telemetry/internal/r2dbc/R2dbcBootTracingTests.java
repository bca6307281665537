package io.cello.telemetry.internal.r2dbc;

import java.util.List;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R2DBC spans with Spring Boot's own tracing beside Cello: the R2DBC observation would
 * become a span named {@code query} through Micrometer Tracing; Cello claims it, so each
 * statement has exactly one span, Cello's.
 */
class R2dbcBootTracingTests {

	@Test
	void exactlyOneSpanPerStatement() {
		try (ConfigurableApplicationContext app = TestApplications.start(R2dbcTestApplication.class,
				R2dbcTestApplication.properties("management.otlp.metrics.export.enabled=false"))) {
			assertThat(app.getBeansOfType(io.micrometer.tracing.Tracer.class)).hasSize(1);
			RecordedSpans spans = app.getBean(RecordedSpans.class);
			spans.reset();
			LocalServer.client(app).get().uri("/users/1").exchange().expectStatus().isOk();

			SpanData server = spans.serverSpan("/users/1");
			List<SpanData> children = spans.all()
				.stream()
				.filter((span) -> server.getSpanId().equals(span.getParentSpanId()))
				.toList();
			assertThat(children).extracting(SpanData::getName).containsExactly("SELECT userdb.users");
		}
	}

}
