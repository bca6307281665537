package io.cello.telemetry.internal.client;

import java.net.URI;
import java.time.Duration;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.SharedApplicationTests;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL;
import static io.cello.telemetry.internal.http.HttpAttributes.NET_PEER_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class ClientTracingTests extends SharedApplicationTests {

	WebClient.Builder builder;

	Tracer tracer;

	@BeforeEach
	void setUp() {
		this.builder = this.context.getBean(WebClient.Builder.class);
		this.tracer = this.context.getBean(Tracer.class);
	}

	@Test
	void clientSpanIsAChildOfTheCurrentSpanWithHttpAttributes() {
		Span parent = this.tracer.spanBuilder("batch-job").startSpan();
		try (Scope scope = parent.makeCurrent()) {
			this.builder.build()
				.get()
				.uri("http://127.0.0.1:" + this.port + "/users/5?token=secret")
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
		}
		finally {
			parent.end();
		}

		SpanData client = this.spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT).get(0);
		SpanData server = this.spans.serverSpan("/users/5");
		assertThat(client.getName()).isEqualTo("GET");
		assertThat(client.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(client.getAttributes().get(HTTP_METHOD)).isEqualTo("GET");
		assertThat(client.getAttributes().get(HTTP_URL)).isEqualTo("http://127.0.0.1:" + this.port + "/users/5");
		assertThat(client.getAttributes().get(NET_PEER_NAME)).isEqualTo("127.0.0.1");
		assertThat(client.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(200L);
		assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void pathParametersAreNotRecordedOnClientSpans() {
		String base = "http://127.0.0.1:" + this.port;
		this.builder.build()
			.get()
			.uri(base + "/users;x=SECRET/5;jsessionid=SECRET")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));

		SpanData client = this.spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT).get(0);
		assertThat(client.getAttributes().get(HTTP_URL)).isEqualTo(base + "/users/5");
		this.spans.serverSpan("/users/5");
		assertThat(this.spans.all()).hasSize(2).allSatisfy(RecordedSpans.without("SECRET"));
	}

	@Test
	void anEncodedSemicolonIsPartOfTheClientSpansPath() {
		String url = "http://127.0.0.1:" + this.port + "/users/5%3Bv2";
		this.builder.build()
			.get()
			.uri(URI.create(url))
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));

		SpanData client = this.spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT).get(0);
		assertThat(client.getAttributes().get(HTTP_URL)).isEqualTo(url);
	}

	@Test
	void serverErrorMarksTheClientSpanAsError() {
		assertThatException().isThrownBy(() -> this.builder.build()
			.get()
			.uri("http://127.0.0.1:" + this.port + "/fail")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10)));

		SpanData client = this.spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT).get(0);
		assertThat(client.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(500L);
		assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void connectionFailureMarksTheClientSpanAsErrorWithTheException() throws Exception {
		int closedPort = LocalServer.closedPort();
		assertThatException().isThrownBy(() -> this.builder.build()
			.get()
			.uri("http://127.0.0.1:" + closedPort + "/users/1")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10)));

		SpanData client = this.spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT).get(0);
		assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(client.getAttributes().get(HTTP_STATUS_CODE)).isNull();
		assertThat(client.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
				.isNotBlank());
	}

	@Test
	void everyWebClientFromTheBuilderIsTracedOnce() {
		WebClient first = this.builder.build();
		WebClient second = this.builder.clone().baseUrl("http://127.0.0.1:" + this.port).build();
		first.get().uri("http://127.0.0.1:" + this.port + "/users/1").retrieve().toBodilessEntity().block();
		second.get().uri("/users/2").retrieve().toBodilessEntity().block();

		this.spans.serverSpan("/users/1");
		this.spans.serverSpan("/users/2");
		assertThat(this.spans.all()).filteredOn((span) -> span.getKind() == SpanKind.CLIENT).hasSize(2);
	}

}
