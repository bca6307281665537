package io.cello.telemetry.actuate;

import org.springframework.test.context.TestPropertySource;

/**
 * The same scrape and health checks with Spring Boot's own OpenTelemetry tracing on the
 * classpath: still one timer sample per request, and exemplars of the request's trace.
 */
@TestPropertySource(properties = "management.otlp.metrics.export.enabled=false")
class MetricsAndHealthBootTracingTests extends MetricsAndHealthTests {

}
