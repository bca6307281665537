package io.cello.telemetry.internal.context;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerContextPropagationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	private final Context context = Context.root()
		.with(Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));

	@Test
	void taskScheduledInAContextRunsInItWithItsIdsInTheMdc() {
		try (SchedulerContextPropagation propagation = SchedulerContextPropagation.install()) {
			String seen = seenOnASchedulerThread(this.context);
			assertThat(seen).isEqualTo(SPAN_ID + "/" + TRACE_ID);
			assertThat(seenOnASchedulerThread(Context.root())).as("a task scheduled outside any request")
				.isEqualTo("0000000000000000/null");
		}
	}

	@Test
	void hookStaysUntilItsLastUserCloses() {
		boolean installedBefore = SchedulerContextPropagation.isInstalled();
		SchedulerContextPropagation first = SchedulerContextPropagation.install();
		SchedulerContextPropagation second = SchedulerContextPropagation.install();
		first.close();
		first.close();
		assertThat(SchedulerContextPropagation.isInstalled()).isTrue();
		assertThat(seenOnASchedulerThread(this.context)).startsWith(SPAN_ID);
		second.close();
		assertThat(SchedulerContextPropagation.isInstalled()).isEqualTo(installedBefore);
	}

	/** The span ID current, and the trace ID in the MDC, in a task scheduled in {@code context}. */
	private static String seenOnASchedulerThread(Context context) {
		try (Scope scope = context.makeCurrent()) {
			return Mono
				.fromCallable(() -> Span.current().getSpanContext().getSpanId() + "/" + MDC.get(CorrelationMdc.TRACE_ID))
				.subscribeOn(Schedulers.single())
				.block();
		}
	}

}
