package io.cello.telemetry.testsupport;

import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records every span an application ends, through a {@link SpanProcessor} bean that the
 * tracer provider picks up.
 */
@Configuration(proxyBeanMethods = false)
public class RecordedSpansConfiguration {

	@Bean
	RecordedSpans recordedSpans() {
		return new RecordedSpans();
	}

	@Bean
	SpanProcessor recordingSpanProcessor(RecordedSpans spans) {
		return spans.processor();
	}

}
