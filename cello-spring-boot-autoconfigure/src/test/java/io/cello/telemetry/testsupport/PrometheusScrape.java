package io.cello.telemetry.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reading an application's {@code /actuator/prometheus}.
 */
public final class PrometheusScrape {

	/** The OpenMetrics format, the one that carries exemplars. */
	public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

	/** Prometheus' classic text format. */
	public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

	private PrometheusScrape() {
	}

	/** The endpoint's answer in the format {@code accept} asks for; fails unless it is 200. */
	public static String scrape(WebTestClient client, String accept) {
		return client.get()
			.uri("/actuator/prometheus")
			.header("Accept", accept)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The sum of the samples of {@code name} whose labels contain {@code label} (every
	 * sample of it for an empty {@code label}); 0 when there is none.
	 */
	public static double sum(String scrape, String name, String label) {
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*?\\})? ([0-9.eE+-]+)").matcher(scrape);
		double total = 0;
		while (matcher.find()) {
			String labels = (matcher.group(1) != null) ? matcher.group(1) : "";
			if (labels.contains(label)) {
				total += Double.parseDouble(matcher.group(2));
			}
		}
		return total;
	}

}
