package io.cello.telemetry.internal.metrics;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/** The tags Cello's timers carry, as Spring's default observation conventions compute them. */
class HttpRequestMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void serverTimersAreTaggedAsSpringTagsThemAndRecordEachRequestOnce() {
		ServerRequestMetrics metrics = new ServerRequestMetrics(this.registry);
		metrics.record(HttpMethod.GET, PathPatternParser.defaultInstance.parse("/users/{id}"), "/users/1", 200, null,
				TimeUnit.MILLISECONDS.toNanos(7));
		metrics.record(HttpMethod.GET, PathPatternParser.defaultInstance.parse("/users/{id}"), "/users/2", 200, null,
				TimeUnit.MILLISECONDS.toNanos(3));
		metrics.record(HttpMethod.valueOf("BREW"), null, "/pot", 404, null, 1);
		metrics.record(HttpMethod.POST, null, "/old", 301, null, 1);
		metrics.record(HttpMethod.DELETE, null, "/", 500, new IllegalStateException(), 1);
		metrics.record(HttpMethod.GET, null, "/gone", -1, null, 1);
		metrics.record(HttpMethod.GET, null, "/teapot", 418, new ResponseStatusException(418, "teapot", null) {
		}, 1);

		Timer users = timer(ServerRequestMetrics.NAME, "method", "GET", "uri", "/users/{id}", "status", "200",
				"outcome", "SUCCESS", "exception", "none", "error", "none");
		assertThat(users.count()).isEqualTo(2);
		assertThat(users.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
		assertThat(timer(ServerRequestMetrics.NAME, "method", "UNKNOWN", "uri", "NOT_FOUND", "status", "404", "outcome",
				"CLIENT_ERROR")
			.count()).isOne();
		assertThat(timer(ServerRequestMetrics.NAME, "method", "POST", "uri", "REDIRECTION", "outcome", "REDIRECTION")
			.count()).isOne();
		assertThat(timer(ServerRequestMetrics.NAME, "method", "DELETE", "uri", "root", "status", "500", "outcome",
				"SERVER_ERROR", "exception", "IllegalStateException", "error", "IllegalStateException")
			.count()).isOne();
		assertThat(timer(ServerRequestMetrics.NAME, "uri", "UNKNOWN", "status", "UNKNOWN", "outcome", "UNKNOWN")
			.count()).isOne();
		assertThat(timer(ServerRequestMetrics.NAME, "status", "418", "exception",
				"io.cello.telemetry.internal.metrics.HttpRequestMetricsTests$1")
			.count()).as("an anonymous exception class is named in full").isOne();
	}

	@Test
	void clientTimersCarryTheUriTemplatesPathAndTheHost() {
		ClientRequestMetrics metrics = new ClientRequestMetrics(this.registry);
		ClientRequest templated = ClientRequest.create(HttpMethod.GET, URI.create("http://users:8080/users/7?x=1"))
			.attribute(WebClient.class.getName() + ".uriTemplate", "http://users:8080/users/{id}?x={x}")
			.build();
		metrics.record(templated, 200, null, 1);
		metrics.record(ClientRequest.create(HttpMethod.PUT, URI.create("http://users:8080/users/7")).build(), 503,
				null, 1);
		metrics.record(ClientRequest.create(HttpMethod.GET, URI.create("http://down:8080/")).build(), -1,
				new java.net.ConnectException(), 1);

		assertThat(timer(ClientRequestMetrics.NAME, "method", "GET", "uri", "/users/{id}?x={x}", "client.name",
				"users", "status", "200", "outcome", "SUCCESS", "exception", "none", "error", "none")
			.count()).isOne();
		assertThat(timer(ClientRequestMetrics.NAME, "method", "PUT", "uri", "none", "status", "503", "outcome",
				"SERVER_ERROR")
			.count()).isOne();
		assertThat(timer(ClientRequestMetrics.NAME, "client.name", "down", "status", "CLIENT_ERROR", "outcome",
				"UNKNOWN", "exception", "ConnectException", "error", "ConnectException")
			.count()).isOne();
	}

	@Test
	void clientTimersCarryTheUriTemplatesPathWithoutPathParameters() {
		ClientRequestMetrics metrics = new ClientRequestMetrics(this.registry);
		metrics.record(ClientRequest.create(HttpMethod.GET, URI.create("http://users:8080/users/7;jsessionid=SECRET"))
			.attribute(WebClient.class.getName() + ".uriTemplate", "http://users:8080/users/{id};jsessionid=SECRET")
			.build(), 200, null, 1);
		metrics.record(ClientRequest.create(HttpMethod.GET, URI.create("http://users:8080/a;x=SECRET/b"))
			.attribute(WebClient.class.getName() + ".uriTemplate", "/a;x=SECRET/b?page={page}")
			.build(), 200, null, 1);

		assertThat(timer(ClientRequestMetrics.NAME, "uri", "/users/{id}").count()).isOne();
		assertThat(timer(ClientRequestMetrics.NAME, "uri", "/a/b?page={page}").count()).isOne();
	}

	private Timer timer(String name, String... tags) {
		return this.registry.get(name).tags(tags).timer();
	}

}
