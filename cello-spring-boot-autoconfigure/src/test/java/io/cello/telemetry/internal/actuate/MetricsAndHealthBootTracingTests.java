package io.cello.telemetry.internal.actuate;

import java.util.stream.Stream;

/**
 * The same scrape and health checks with Spring Boot's own OpenTelemetry tracing on the
 * classpath: still one timer sample per request, and exemplars of the request's trace.
 */
class MetricsAndHealthBootTracingTests extends MetricsAndHealthTests {

	@Override
	protected String[] properties() {
		return Stream.concat(Stream.of(super.properties()), Stream.of("management.otlp.metrics.export.enabled=false"))
			.toArray(String[]::new);
	}

}
