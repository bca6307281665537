package io.cello.telemetry.internal.server;

import java.util.List;

import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.metrics.ServerRequestMetrics;
import io.cello.telemetry.internal.propagation.CelloPropagators;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import io.cello.telemetry.requestid.RequestIds;
import io.cello.telemetry.testsupport.InMemoryTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_ROUTE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** A request's span, as the tracing filter starts it and as it ends itself. */
class ServerRequestSpanTests {

	private final InMemoryTelemetry telemetry = new InMemoryTelemetry();

	private final ServerTracingWebFilter filter = new ServerTracingWebFilter(this.telemetry.tracer(),
			CelloPropagators.create(List.of(PropagationFormat.W3C)).getTextMapPropagator(),
			new ExcludedPaths(List.of("/actuator/**")), new ServerSpanAttributes(SemconvMode.CELLO, "orders"),
			new ServerRequestMetrics(this.telemetry.registry()));

	@AfterEach
	void close() {
		this.telemetry.close();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(names = { "OK", "BAD_REQUEST" })
	void aCompletedRequestEndsWithItsRouteAndStatusAndIsTimedOnceAClientErrorLeavingTheStatusUnset(
			HttpStatus status) {
		MockServerWebExchange exchange = routedExchange();
		exchange.getResponse().setStatusCode(status);

		this.filter.start(exchange).end(null, null, false);

		SpanData span = this.telemetry.onlySpan();
		assertThat(span.getName()).isEqualTo("GET /users/{id}");
		assertThat(span.getAttributes().get(HTTP_ROUTE)).isEqualTo("/users/{id}");
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo((long) status.value());
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(this.telemetry.onlyTimerCount(ServerRequestMetrics.NAME, "uri", "/users/{id}", "status",
				String.valueOf(status.value())))
			.isOne();
	}

	@Test
	void aFailureIsAServerErrorWithItsException() {
		this.filter.start(routedExchange()).end(null, new IllegalStateException("boom"), false);

		SpanData span = this.telemetry.onlySpan();
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo(500L);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(this.telemetry.onlyTimerCount(ServerRequestMetrics.NAME, "status", "500", "exception",
				"IllegalStateException"))
			.isOne();
	}

	@Test
	void aCancelledRequestEndsWithoutAStatus() {
		this.filter.start(routedExchange()).end(null, null, true);

		SpanData span = this.telemetry.onlySpan();
		assertThat(span.getName()).isEqualTo("GET /users/{id}");
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isNull();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(this.telemetry.onlyTimerCount(ServerRequestMetrics.NAME, "status", "UNKNOWN")).isOne();
	}

	@Test
	void itsContextCarriesTheSpanAndTheRequestIdDownstreamAndIntoTheReactorContext() {
		MockServerWebExchange exchange = routedExchange();
		exchange.getAttributes().put(RequestIds.EXCHANGE_ATTRIBUTE, "req-1");

		ServerRequestSpan requestSpan = this.filter.start(exchange);

		assertThat(RequestIds.from(requestSpan.context())).isEqualTo("req-1");
		assertThat(Span.fromContext(requestSpan.context()).getSpanContext().isValid()).isTrue();
		assertThat(requestSpan.deliveryContext()).isSameAs(requestSpan.context());
		assertThat(requestSpan.exchangeContext(reactor.util.context.Context.empty())
			.<Object>get(OpenTelemetryContextAccessor.KEY)).isSameAs(requestSpan.context());
		requestSpan.end(null, null, false);
		assertThat(this.telemetry.onlySpan().getAttributes().get(REQUEST_ID)).isEqualTo("req-1");
	}

	private static MockServerWebExchange routedExchange() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("http://127.0.0.1/users/42"));
		exchange.getAttributes()
			.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, PathPatternParser.defaultInstance.parse("/users/{id}"));
		return exchange;
	}

}
