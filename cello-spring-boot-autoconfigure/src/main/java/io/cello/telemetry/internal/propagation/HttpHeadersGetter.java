package io.cello.telemetry.internal.propagation;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads propagation headers from Spring's {@link HttpHeaders}, including every line of a
 * header that arrived more than once.
 */
public enum HttpHeadersGetter implements TextMapGetter<HttpHeaders> {

	INSTANCE;

	@Override
	public Iterable<String> keys(HttpHeaders headers) {
		return headers.headerNames();
	}

	@Override
	public @Nullable String get(@Nullable HttpHeaders headers, String key) {
		return (headers != null) ? headers.getFirst(key) : null;
	}

	@Override
	public Iterator<String> getAll(@Nullable HttpHeaders headers, String key) {
		List<String> values = (headers != null) ? headers.get(key) : null;
		return (values != null) ? values.iterator() : Collections.emptyIterator();
	}

}
