package io.cello.telemetry.internal.context;

import io.opentelemetry.context.Context;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers the signals of a source that emits on threads of its own (a request body read
 * by the server, a response body read by the {@code WebClient}) with a given
 * OpenTelemetry context current and its IDs in the MDC, so that the handler code they
 * drive, and the operators it chains after them, run in the request's trace.
 */
public final class ContextRestoring {

	private ContextRestoring() {
	}

	/** {@code source}, its signals delivered with {@code context} current. */
	public static <T> Flux<T> flux(Publisher<? extends T> source, Context context) {
		return new RestoringFlux<>(source, context);
	}

	/** {@code source}, its signals delivered with {@code context} current. */
	public static <T> Mono<T> mono(Mono<? extends T> source, Context context) {
		return new RestoringMono<>(source, context);
	}

	private static final class RestoringFlux<T> extends Flux<T> {

		private final Publisher<? extends T> source;

		private final Context context;

		RestoringFlux(Publisher<? extends T> source, Context context) {
			this.source = source;
			this.context = context;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new RestoringSubscriber<>(actual, this.context));
		}

	}

	private static final class RestoringMono<T> extends Mono<T> {

		private final Mono<? extends T> source;

		private final Context context;

		RestoringMono(Mono<? extends T> source, Context context) {
			this.source = source;
			this.context = context;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new RestoringSubscriber<>(actual, this.context));
		}

	}

	/**
	 * Passes each signal on with the context current, unless it is current already.
	 */
	private static final class RestoringSubscriber<T> extends ContextDeliveringSubscriber<T> {

		private final Context context;

		RestoringSubscriber(CoreSubscriber<? super T> actual, Context context) {
			super(actual);
			this.context = context;
		}

		@Override
		ContextScope openScope() {
			return ContextScope.openUnlessCurrent(this.context);
		}

	}

}
