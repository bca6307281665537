package io.cello.telemetry.internal.server;

import io.opentelemetry.api.trace.SpanContext;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Tells the caller which trace its request joined: a W3C Trace Context Level 2
 * {@code traceresponse: 00-{trace-id}-{server span id}-{flags}} header and, for browser
 * tooling, a {@code Server-Timing: traceparent;desc="..."} entry.
 * <p>
 * The headers are written when the response is committed, whichever code commits it:
 * the handler, an {@code @ExceptionHandler} or Spring Boot's error handling. At that
 * point no handler code can replace them any more, and a {@code Server-Timing} header
 * the application set itself is kept beside Cello's entry.
 */
public final class TraceResponseHeaders {

	/** The W3C Trace Context Level 2 response header. */
	public static final String TRACE_RESPONSE = "traceresponse";

	/** The Server-Timing header, read by browsers' developer tools. */
	public static final String SERVER_TIMING = "Server-Timing";

	private final boolean traceResponse;

	private final boolean serverTiming;

	/**
	 * @param traceResponse whether to write {@code traceresponse}
	 * @param serverTiming whether to add a {@code traceparent} entry to {@code Server-Timing}
	 */
	public TraceResponseHeaders(boolean traceResponse, boolean serverTiming) {
		this.traceResponse = traceResponse;
		this.serverTiming = serverTiming;
	}

	/** Whether any header is written; when not, {@link #writeOnCommit} need not be called. */
	boolean enabled() {
		return this.traceResponse || this.serverTiming;
	}

	/** Writes the headers for the server span {@code span} when {@code response} is committed. */
	void writeOnCommit(ServerHttpResponse response, SpanContext span) {
		if (!span.isValid()) {
			return;
		}
		String traceparent = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
				+ span.getTraceFlags().asHex();
		response.beforeCommit(() -> {
			HttpHeaders headers = response.getHeaders();
			if (this.traceResponse) {
				headers.set(TRACE_RESPONSE, traceparent);
			}
			if (this.serverTiming) {
				headers.add(SERVER_TIMING, "traceparent;desc=\"" + traceparent + "\"");
			}
			return Mono.empty();
		});
	}

}
