package io.cello.telemetry.context;

import io.opentelemetry.context.Context;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The {@link Mono} form of {@link ContextRestoringFlux}: delivers the signals of a source
 * that emits on threads of its own with a given OpenTelemetry context current and its IDs
 * in the MDC.
 *
 * @param <T> the type of the value
 */
public final class ContextRestoringMono<T> extends Mono<T> {

	private final Mono<? extends T> source;

	private final Context context;

	public ContextRestoringMono(Mono<? extends T> source, Context context) {
		this.source = source;
		this.context = context;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new ContextRestoringSubscriber<>(actual, this.context));
	}

}
