package io.cello.telemetry.internal.propagation;

import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Writes propagation headers into Spring's {@link HttpHeaders}, replacing any value the
 * caller had set, so that a request never carries two conflicting contexts.
 */
public enum HttpHeadersSetter implements TextMapSetter<HttpHeaders> {

	INSTANCE;

	@Override
	public void set(@Nullable HttpHeaders headers, String key, String value) {
		if (headers != null) {
			headers.set(key, value);
		}
	}

}
