package io.cello.telemetry.context;

import io.opentelemetry.context.Context;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * Delivers the signals of a source that emits on threads of its own (a request body read
 * by the server, a response body read by the {@code WebClient}) with a given
 * OpenTelemetry context current and its IDs in the MDC, so that the handler code they
 * drive, and the operators it chains after them, run in the request's trace.
 *
 * @param <T> the type of values
 */
public final class ContextRestoringFlux<T> extends Flux<T> {

	private final Publisher<? extends T> source;

	private final Context context;

	public ContextRestoringFlux(Publisher<? extends T> source, Context context) {
		this.source = source;
		this.context = context;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new ContextRestoringSubscriber<>(actual, this.context));
	}

}
