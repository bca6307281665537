package io.cello.telemetry.internal.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/** One subscriber ends the span of every kind of exchange, once, however it ends. */
class SpanEndingSubscriberTests {

	private static final Context DELIVERY = Context.root()
		.with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
				TraceFlags.getSampled(), TraceState.getDefault())));

	private final RecordingSpan span = new RecordingSpan();

	@Test
	void aValueEndsTheSpanOnceAndIsDeliveredAsTheSpanWants() {
		List<String> delivered = new ArrayList<>();
		Flux.just("a", "b")
			.subscribe(subscriber((value) -> delivered.add(value + "@" + Span.current().getSpanContext().getSpanId())));

		assertThat(this.span.endings).containsExactly("value a");
		assertThat(delivered).containsExactly("A@00f067aa0ba902b7", "B@00f067aa0ba902b7");
	}

	@Test
	void completionWithoutValueEndsTheSpanOnce() {
		Mono.<String>empty().subscribe(subscriber((value) -> {
		}));

		assertThat(this.span.endings).containsExactly("complete");
	}

	@Test
	void anErrorEndsTheSpanWithIt() {
		List<String> seen = new ArrayList<>();
		Mono.<String>error(new IllegalStateException("boom"))
			.subscribe(new SpanEndingSubscriber<>(reactorSubscriber(seen), this.span));

		assertThat(this.span.endings).containsExactly("error boom");
		assertThat(seen).containsExactly("error in 00f067aa0ba902b7 with MDC 00f067aa0ba902b7");
		assertThat(MDC.get(CorrelationMdc.SPAN_ID)).as("restored after delivery").isNull();
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
	}

	@Test
	void cancellationEndsTheSpanOnceAndNothingAfterItEndsItAgain() {
		Sinks.One<String> source = Sinks.one();
		List<String> seen = new ArrayList<>();
		SpanEndingSubscriber<String> subscriber = new SpanEndingSubscriber<>(reactorSubscriber(seen), this.span);
		source.asMono().subscribe(subscriber);

		subscriber.cancel();
		subscriber.cancel();
		subscriber.onComplete();

		assertThat(this.span.endings).containsExactly("cancelled");
	}

	@Test
	void theExchangeSeesTheReactorContextTheSpanGivesIt() {
		String seen = Mono.deferContextual((context) -> Mono.just(context.<String>get("exchange")))
			.as((mono) -> (Mono<String>) new Mono<String>() {

				@Override
				public void subscribe(CoreSubscriber<? super String> actual) {
					mono.subscribe(new SpanEndingSubscriber<>(actual, SpanEndingSubscriberTests.this.span));
				}

			})
			.contextWrite(reactor.util.context.Context.of("caller", "yes"))
			.block(Duration.ofSeconds(5));

		assertThat(seen).as("delivered as the span wants").isEqualTo("FROM CALLER=YES");
	}

	private CoreSubscriber<String> subscriber(java.util.function.Consumer<String> onValue) {
		return new SpanEndingSubscriber<>(new reactor.core.publisher.BaseSubscriber<String>() {

			@Override
			protected void hookOnNext(String value) {
				onValue.accept(value);
			}

		}, this.span);
	}

	private static CoreSubscriber<String> reactorSubscriber(List<String> seen) {
		return new reactor.core.publisher.BaseSubscriber<>() {

			@Override
			protected void hookOnError(Throwable error) {
				seen.add("error in " + Span.current().getSpanContext().getSpanId() + " with MDC "
						+ MDC.get(CorrelationMdc.SPAN_ID));
			}

		};
	}

	/** Tells how it was ended, delivers values in upper case, in {@link #DELIVERY}. */
	private static final class RecordingSpan implements EndingSpan<String> {

		private final List<String> endings = new ArrayList<>();

		@Override
		public reactor.util.context.Context exchangeContext(reactor.util.context.Context subscriberContext) {
			return subscriberContext.put("exchange", "from caller=" + subscriberContext.getOrDefault("caller", "?"));
		}

		@Override
		public Context deliveryContext() {
			return DELIVERY;
		}

		@Override
		public String deliverable(String value) {
			return value.toUpperCase();
		}

		@Override
		public void end(String value, Throwable error, boolean cancelled) {
			this.endings.add((value != null) ? "value " + value
					: (error != null) ? "error " + error.getMessage() : cancelled ? "cancelled" : "complete");
		}

	}

}
