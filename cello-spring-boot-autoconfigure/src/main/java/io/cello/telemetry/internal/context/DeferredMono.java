package io.cello.telemetry.internal.context;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A {@link Mono} that does all its work on subscription, with the three values it was
 * assembled with: a filter's result, for instance, that starts its span only when it is
 * subscribed to. Give it a method reference that captures nothing (a static method, or an
 * instance method whose object is the first value), so that assembling it costs this one
 * object and no more.
 *
 * @param <T> the type of the value
 * @param <A> the type of the first value
 * @param <B> the type of the second value
 * @param <C> the type of the third value
 */
public final class DeferredMono<T, A, B, C> extends Mono<T> {

	private final Work<T, A, B, C> work;

	private final A first;

	private final B second;

	private final C third;

	public DeferredMono(Work<T, A, B, C> work, A first, B second, C third) {
		this.work = work;
		this.first = first;
		this.second = second;
		this.third = third;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.work.subscribe(this.first, this.second, this.third, actual);
	}

	/**
	 * What subscribing does, given the values.
	 *
	 * @param <T> the type of the value
	 * @param <A> the type of the first value
	 * @param <B> the type of the second value
	 * @param <C> the type of the third value
	 */
	@FunctionalInterface
	public interface Work<T, A, B, C> {

		void subscribe(A first, B second, C third, CoreSubscriber<? super T> actual);

	}

}
