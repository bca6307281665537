package io.cello.telemetry.internal.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a record's headers as text for the propagators. A header's bytes are
 * decoded as UTF-8, bytes that are not UTF-8 becoming replacement characters, which no
 * propagator accepts; a header of the same name set by an earlier hop is replaced.
 */
enum RecordHeaders implements TextMapGetter<Headers>, TextMapSetter<Headers> {

	INSTANCE;

	@Override
	public Iterable<String> keys(Headers headers) {
		List<String> keys = new ArrayList<>();
		for (Header header : headers) {
			keys.add(header.key());
		}
		return keys;
	}

	@Override
	public @Nullable String get(@Nullable Headers headers, String key) {
		if (headers == null) {
			return null;
		}
		Header header = headers.lastHeader(key);
		byte[] value = (header != null) ? header.value() : null;
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	@Override
	public void set(@Nullable Headers headers, String key, String value) {
		if (headers != null) {
			headers.remove(key);
			headers.add(key, value.getBytes(StandardCharsets.UTF_8));
		}
	}

}
