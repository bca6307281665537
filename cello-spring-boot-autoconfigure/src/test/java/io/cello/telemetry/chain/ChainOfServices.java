package io.cello.telemetry.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Services a, b and c, each a {@link ChainTestApplication} on its own free port, where a
 * calls b and b calls c.
 */
final class ChainOfServices implements AutoCloseable {

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	ChainOfServices(String... properties) {
		this(Map.of(), properties);
	}

	/**
	 * @param perService extra properties of single services, by name
	 * @param properties properties of all three services
	 */
	ChainOfServices(Map<String, List<String>> perService, String... properties) {
		String next = "";
		for (String name : List.of("c", "b", "a")) {
			ConfigurableApplicationContext app = TestApplications.builder(ChainTestApplication.class,
						"spring.application.name=" + name,
						"cello.telemetry.service-name=" + name, "cello.telemetry.exporter=none", "chain.next=" + next)
				.properties(properties)
				.properties(perService.getOrDefault(name, List.of()).toArray(String[]::new))
				.run();
			this.apps.add(0, app);
			next = LocalServer.baseUrl(app);
		}
	}

	/** The URL of service a. */
	String entry() {
		return LocalServer.baseUrl(this.apps.get(0));
	}

	/** Every span the three services ended. */
	List<SpanData> spans() {
		List<SpanData> spans = new ArrayList<>();
		for (ConfigurableApplicationContext app : this.apps) {
			spans.addAll(app.getBean(RecordedSpans.class).all());
		}
		return spans;
	}

	void reset() {
		this.apps.forEach((app) -> app.getBean(RecordedSpans.class).reset());
	}

	@Override
	public void close() {
		this.apps.forEach(ConfigurableApplicationContext::close);
	}

}
