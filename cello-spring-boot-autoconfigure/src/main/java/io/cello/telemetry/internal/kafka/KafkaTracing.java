package io.cello.telemetry.internal.kafka;

import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * What Kafka spans are made with: the tracer, the propagators of
 * {@code cello.telemetry.propagation}, the attribute names of
 * {@code cello.telemetry.semconv}, and the request ID header, if request IDs are on.
 */
public final class KafkaTracing {

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final KafkaSpanAttributes attributes;

	private final @Nullable String requestIdHeader;

	/**
	 * @param requestIdHeader the header that carries the request ID, or {@code null} when
	 * request IDs are off
	 */
	public KafkaTracing(Tracer tracer, TextMapPropagator propagator, SemconvMode semconv,
			@Nullable String requestIdHeader) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.attributes = new KafkaSpanAttributes(semconv);
		this.requestIdHeader = requestIdHeader;
	}

	Tracer tracer() {
		return this.tracer;
	}

	TextMapPropagator propagator() {
		return this.propagator;
	}

	KafkaSpanAttributes attributes() {
		return this.attributes;
	}

	@Nullable String requestIdHeader() {
		return this.requestIdHeader;
	}

	/**
	 * The request ID a received record carries, if valid, else a new one; {@code null} when
	 * request IDs are off.
	 */
	@Nullable String requestId(Headers headers) {
		if (this.requestIdHeader == null) {
			return null;
		}
		String incoming = RecordHeaders.INSTANCE.get(headers, this.requestIdHeader);
		return RequestIds.isValid(incoming) ? incoming : RequestIds.generate();
	}

}
