package io.cello.telemetry.testsupport;

import java.util.ArrayList;
import java.util.List;
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

	/**
	 * The trace IDs of the exemplars on the samples of {@code name} whose labels contain
	 * {@code label}, as the OpenMetrics format writes them.
	 */
	public static List<String> exemplarTraceIds(String scrape, String name, String label) {
		Matcher matcher = Pattern
			.compile("(?m)^" + Pattern.quote(name) + "\\{(.*?)\\} [0-9.eE+-]+ # \\{[^}]*trace_id=\"([0-9a-f]{32})\"")
			.matcher(scrape);
		List<String> traceIds = new ArrayList<>();
		while (matcher.find()) {
			if (matcher.group(1).contains(label)) {
				traceIds.add(matcher.group(2));
			}
		}
		return traceIds;
	}

}
