package io.cello.telemetry.internal.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Records {@code http.server.requests}, with the tags of Spring's default WebFlux server
 * observation ({@code method}, {@code uri}, {@code status}, {@code outcome},
 * {@code exception}, {@code error}), from the server tracing filter.
 */
public final class ServerRequestMetrics {

	/** The timer's name, as Spring names it. */
	public static final String NAME = "http.server.requests";

	/**
	 * The timer's description, the Prometheus scrape's {@code # HELP}: that of
	 * OpenTelemetry's {@code http.server.request.duration} (Spring's observation conventions
	 * give none).
	 */
	public static final String DESCRIPTION = "Duration of HTTP server requests.";

	private final TimerCache<TimerKey> timers;

	public ServerRequestMetrics(MeterRegistry registry) {
		this.timers = new TimerCache<>((key) -> Timer.builder(NAME)
			.description(DESCRIPTION)
			.tags(Tags.of("method", key.method, "uri", key.uri, "status", status(key.status), "outcome",
					HttpMetricTags.outcome(key.status), "exception", key.exception, "error", key.exception))
			.register(registry));
	}

	/**
	 * Records one request.
	 * @param method the request's method
	 * @param route the route that handled it, if any
	 * @param path the request's path within the application
	 * @param status its response status, or {@code -1} if it has none (the client went away)
	 * @param error the failure that left the filter chain, if any
	 * @param durationNanos how long it took
	 */
	public void record(HttpMethod method, @Nullable PathPattern route, String path, int status, @Nullable Throwable error,
			long durationNanos) {
		TimerKey key = new TimerKey(HttpMetricTags.method(method), uri(route, path, status), null, status,
				HttpMetricTags.exception(error));
		this.timers.get(key).record(durationNanos, TimeUnit.NANOSECONDS);
	}

	private static String status(int status) {
		return (status >= 0) ? Integer.toString(status) : HttpMetricTags.UNKNOWN;
	}

	private static String uri(@Nullable PathPattern route, String path, int status) {
		if (route != null) {
			String pattern = route.getPatternString();
			return pattern.isEmpty() ? "root" : pattern;
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		if (status == 404) {
			return "NOT_FOUND";
		}
		return (path.isEmpty() || "/".equals(path)) ? "root" : HttpMetricTags.UNKNOWN;
	}

}
