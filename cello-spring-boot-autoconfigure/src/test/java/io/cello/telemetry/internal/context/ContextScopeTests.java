package io.cello.telemetry.internal.context;

import java.util.Map;
import java.util.Set;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.cello.telemetry.requestid.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class ContextScopeTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final Context REQUEST = context(TRACE, "00f067aa0ba902b7").with(RequestIds.CONTEXT_KEY, "req-1");

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void putsTheIdsAndRestoresAnEmptyMdc() {
		try (ContextScope scope = ContextScope.open(REQUEST)) {
			assertThat(Span.current().getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
			assertThat(correlation()).containsExactlyInAnyOrderEntriesOf(
					Map.of("trace_id", TRACE, "span_id", "00f067aa0ba902b7", "request_id", "req-1"));
		}
		assertThat(correlation()).isEmpty();
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
	}

	@Test
	void restoresOnlyWhatANestedScopeChanged() {
		try (ContextScope outer = ContextScope.open(REQUEST)) {
			// The same trace, another span, no request ID: one key kept, one replaced, one removed.
			try (ContextScope inner = ContextScope.open(context(TRACE, "b7ad6b7169203331"))) {
				assertThat(correlation()).containsExactlyInAnyOrderEntriesOf(
						Map.of("trace_id", TRACE, "span_id", "b7ad6b7169203331"));
			}
			assertThat(correlation()).containsExactlyInAnyOrderEntriesOf(
					Map.of("trace_id", TRACE, "span_id", "00f067aa0ba902b7", "request_id", "req-1"));
			try (ContextScope again = ContextScope.open(REQUEST)) {
				assertThat(correlation()).hasSize(3);
			}
			assertThat(correlation()).hasSize(3);
			try (ContextScope none = ContextScope.open(Context.root())) {
				assertThat(correlation()).isEmpty();
			}
			assertThat(correlation()).containsEntry("request_id", "req-1");
		}
		assertThat(correlation()).isEmpty();
	}

	@Test
	void leavesTheApplicationsOwnMdcEntries() {
		MDC.put("user", "alice");
		MDC.put(CorrelationMdc.REQUEST_ID, "set-by-the-application");
		try (ContextScope scope = ContextScope.open(REQUEST)) {
			assertThat(MDC.get("user")).isEqualTo("alice");
			assertThat(MDC.get(CorrelationMdc.REQUEST_ID)).isEqualTo("req-1");
		}
		assertThat(MDC.get("user")).isEqualTo("alice");
		assertThat(MDC.get(CorrelationMdc.REQUEST_ID)).isEqualTo("set-by-the-application");
		assertThat(MDC.get(CorrelationMdc.TRACE_ID)).isNull();
	}

	private static Map<String, String> correlation() {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		if (mdc == null) {
			return Map.of();
		}
		mdc.keySet().retainAll(Set.of("trace_id", "span_id", "request_id"));
		return mdc;
	}

	private static Context context(String traceId, String spanId) {
		return Context.root()
			.with(Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault())));
	}

}
