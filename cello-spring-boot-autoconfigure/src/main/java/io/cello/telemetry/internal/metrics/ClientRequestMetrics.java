package io.cello.telemetry.internal.metrics;

import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.http.PathParameters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Records {@code http.client.requests}, with the tags of Spring's default {@code WebClient}
 * observation ({@code method}, {@code uri}, {@code client.name}, {@code status},
 * {@code outcome}, {@code exception}, {@code error}), from the client tracing filter.
 */
public final class ClientRequestMetrics {

	/** The timer's name, as Spring names it. */
	public static final String NAME = "http.client.requests";

	/**
	 * The timer's description, the Prometheus scrape's {@code # HELP}: that of
	 * OpenTelemetry's {@code http.client.request.duration} (Spring's observation conventions
	 * give none).
	 */
	public static final String DESCRIPTION = "Duration of HTTP client requests.";

	/** Where {@code WebClient} keeps the URI template a request was made from. */
	private static final String URI_TEMPLATE_ATTRIBUTE = WebClient.class.getName() + ".uriTemplate";

	private final TimerCache<TimerKey> timers;

	public ClientRequestMetrics(MeterRegistry registry) {
		this.timers = new TimerCache<>((key) -> Timer.builder(NAME)
			.description(DESCRIPTION)
			.tags(Tags.of("method", key.method, "uri", key.uri, "client.name", clientName(key), "status",
					(key.status >= 0) ? Integer.toString(key.status) : "CLIENT_ERROR", "outcome",
					HttpMetricTags.outcome(key.status), "exception", key.exception, "error", key.exception))
			.register(registry));
	}

	/** The {@code client.name} tag: {@link #record} always gives a host, {@code none} for a request without one. */
	private static String clientName(TimerKey key) {
		return (key.clientName != null) ? key.clientName : HttpMetricTags.NONE;
	}

	/**
	 * Records one exchange.
	 * @param request the request
	 * @param status the response's status, or {@code -1} if none arrived
	 * @param error the failure of the exchange, if any
	 * @param durationNanos how long it took
	 */
	public void record(ClientRequest request, int status, @Nullable Throwable error, long durationNanos) {
		String host = request.url().getHost();
		TimerKey key = new TimerKey(HttpMetricTags.method(request.method()), uri(request),
				(host != null) ? host : HttpMetricTags.NONE, status, HttpMetricTags.exception(error));
		this.timers.get(key).record(durationNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The URI template's path, without scheme, host, port or path parameters (a template
	 * built by concatenation may hold a {@code ;jsessionid=} value): {@code none} without a
	 * template.
	 */
	private static String uri(ClientRequest request) {
		if (!(request.attributes().get(URI_TEMPLATE_ATTRIBUTE) instanceof String template)) {
			return HttpMetricTags.NONE;
		}
		int schemeEnd = template.indexOf("://");
		if (schemeEnd < 0) {
			return PathParameters.strip(template);
		}
		int pathStart = template.indexOf('/', schemeEnd + 3);
		return (pathStart >= 0) ? PathParameters.strip(template.substring(pathStart)) : "";
	}

}
