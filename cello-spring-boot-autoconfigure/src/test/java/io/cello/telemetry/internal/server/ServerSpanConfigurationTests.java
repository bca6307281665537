package io.cello.telemetry.internal.server;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static io.cello.telemetry.internal.http.HttpAttributes.ERROR_TYPE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_BODY_SIZE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_BODY_SIZE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_ROUTE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_USER_AGENT;
import static io.cello.telemetry.internal.http.HttpAttributes.NET_HOST_NAME;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVER_ADDRESS;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVER_PORT;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_FULL;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_PATH;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_SCHEME;
import static io.cello.telemetry.internal.http.HttpAttributes.USER_AGENT_ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server spans under the settings that change them: {@code semconv} and
 * {@code exclude-paths} (and Actuator's base path, which its default follows; the rules
 * of that default are {@code ActuatorPathsTests}', matching is {@link ExcludedPathsTests}').
 */
class ServerSpanConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void excludePathsReplaceTheDefault() {
		try (ConfigurableApplicationContext app = TracedTestApplication.start("cello.telemetry.exclude-paths=/users/**")) {
			LocalServer.client(app).get().uri("/users/1").exchange().expectStatus().isOk();
			LocalServer.client(app).get().uri("/fn/items/1").exchange().expectStatus().isOk();

			RecordedSpans spans = spans(app);
			spans.serverSpan("/fn/items/1");
			assertThat(spans.all()).noneMatch((span) -> "/users/1".equals(span.getAttributes().get(HTTP_URL)));
		}
	}

	@Test
	void defaultExcludePathsFollowActuatorsBasePath() {
		try (ConfigurableApplicationContext app = TracedTestApplication.start("management.endpoints.web.base-path=/manage")) {
			LocalServer.client(app).get().uri("/manage/health").exchange().expectStatus().isOk();
			LocalServer.client(app).get().uri("/actuator/health").exchange().expectStatus().isNotFound();

			RecordedSpans spans = spans(app);
			spans.serverSpan("/actuator/health");
			assertThat(spans.all()).noneMatch((span) -> "/manage/health".equals(span.getAttributes().get(HTTP_URL)));
			assertThat(app.getBean(CelloTelemetryProperties.class).getExcludePaths()).containsExactly("/manage/**");
		}
	}

	@Test
	void hostNameIsTheHostTheRequestWasAddressedTo() {
		try (ConfigurableApplicationContext app = TracedTestApplication.start()) {
			LocalServer.client(app).get().uri("/users/1").header("Host", "api-gateway:8080").exchange()
				.expectStatus().isOk();

			assertThat(spans(app).serverSpan("/users/1").getAttributes().get(NET_HOST_NAME)).isEqualTo("api-gateway");
		}
	}

	@Nested
	class StableSemconv extends SharedApplicationTests {

		@Override
		protected String[] properties() {
			return new String[] { "cello.telemetry.semconv=stable" };
		}

		@Test
		void stableSemconvSwapsInOpenTelemetryNames() {
			this.client.post().uri("/echo").bodyValue("abc").exchange().expectStatus().isOk();

			Attributes attributes = this.spans.await(1, (span) -> "/echo".equals(span.getAttributes().get(URL_PATH)))
				.get(0)
				.getAttributes();
			assertThat(attributes.get(HTTP_REQUEST_METHOD)).isEqualTo("POST");
			assertThat(attributes.get(HTTP_ROUTE)).isEqualTo("/echo");
			assertThat(attributes.get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
			assertThat(attributes.get(HTTP_REQUEST_BODY_SIZE)).isEqualTo(3L);
			assertThat(attributes.get(HTTP_RESPONSE_BODY_SIZE)).isEqualTo(3L);
			assertThat(attributes.get(URL_SCHEME)).isEqualTo("http");
			assertThat(attributes.get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
			assertThat(attributes.get(SERVER_PORT)).isEqualTo((long) this.port);
			assertThat(attributes.get(HTTP_METHOD)).isNull();
			assertThat(attributes.get(HTTP_URL)).isNull();
			assertThat(attributes.get(HTTP_STATUS_CODE)).isNull();
		}

		@Test
		void stableSemconvRecordsPathsWithoutParameters() {
			String base = "http://127.0.0.1:" + this.port;
			WebClient client = this.context.getBean(WebClient.Builder.class).build();
			client.get().uri(base + "/users/42;jsessionid=SECRET").retrieve().toBodilessEntity().block(TIMEOUT);
			client.get().uri(base + "/users;x=SECRET/43;y=SECRET").retrieve().toBodilessEntity().block(TIMEOUT);
			client.get().uri(URI.create(base + "/users/44%3Bv2")).retrieve().toBodilessEntity().block(TIMEOUT);

			for (String path : List.of("/users/42", "/users/43", "/users/44%3Bv2")) {
				this.spans.await(1, (span) -> span.getKind() == SpanKind.SERVER
						&& path.equals(span.getAttributes().get(URL_PATH)));
				this.spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT
						&& (base + path).equals(span.getAttributes().get(URL_FULL)));
			}
			assertThat(this.spans.all()).hasSize(6).allSatisfy(RecordedSpans.without("SECRET"));
		}

		@Test
		void stableSemconvRecordsUserAgentUnderItsNameOnly() {
			this.client.get().uri("/users/1").header("User-Agent", "curl/8.5.0").exchange().expectStatus().isOk();

			Attributes attributes = this.spans.await(1, (span) -> "/users/1".equals(span.getAttributes().get(URL_PATH)))
				.get(0)
				.getAttributes();
			assertThat(attributes.get(USER_AGENT_ORIGINAL)).isEqualTo("curl/8.5.0");
			assertThat(attributes.get(HTTP_USER_AGENT)).isNull();
		}

	}

	@Nested
	class BothSemconv extends SharedApplicationTests {

		@Override
		protected String[] properties() {
			return new String[] { "cello.telemetry.semconv=both" };
		}

		@Test
		void bothSemconvWritesBothSetsOfNames() {
			this.client.get().uri("/fail").exchange().expectStatus().is5xxServerError();

			SpanData span = this.spans.serverSpan("/fail");
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(HTTP_METHOD)).isEqualTo("GET");
			assertThat(attributes.get(HTTP_REQUEST_METHOD)).isEqualTo("GET");
			assertThat(attributes.get(HTTP_STATUS_CODE)).isEqualTo(500L);
			assertThat(attributes.get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
			assertThat(attributes.get(URL_PATH)).isEqualTo("/fail");
			assertThat(attributes.get(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
		}

		@Test
		void userAgentIsRecordedUnderEachSetOfNamesAndCapped() {
			this.client.get().uri("/users/1").header("User-Agent", "curl/8.5.0").exchange().expectStatus().isOk();
			this.client.get().uri("/users/2").header("User-Agent", "x".repeat(5000)).exchange().expectStatus().isOk();

			Attributes attributes = this.spans.serverSpan("/users/1").getAttributes();
			assertThat(attributes.get(HTTP_USER_AGENT)).isEqualTo("curl/8.5.0");
			assertThat(attributes.get(USER_AGENT_ORIGINAL)).isEqualTo("curl/8.5.0");
			Attributes longAgent = this.spans.serverSpan("/users/2").getAttributes();
			assertThat(longAgent.get(HTTP_USER_AGENT)).isEqualTo("x".repeat(ServerSpanAttributes.MAX_USER_AGENT_LENGTH));
			assertThat(longAgent.get(USER_AGENT_ORIGINAL)).hasSize(ServerSpanAttributes.MAX_USER_AGENT_LENGTH);
		}

		@Test
		void nonStandardMethodsAreNamedOther() {
			this.client.method(org.springframework.http.HttpMethod.valueOf("PURGE"))
				.uri("/users/1")
				.exchange()
				.expectStatus()
				.is4xxClientError();

			SpanData span = this.spans.serverSpan("/users/1");
			assertThat(span.getName()).startsWith("_OTHER");
			assertThat(span.getAttributes().get(HTTP_METHOD)).isEqualTo("_OTHER");
			assertThat(span.getAttributes().get(io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL))
				.isEqualTo("PURGE");
		}

	}

	private static RecordedSpans spans(ConfigurableApplicationContext app) {
		return app.getBean(RecordedSpans.class);
	}

}
