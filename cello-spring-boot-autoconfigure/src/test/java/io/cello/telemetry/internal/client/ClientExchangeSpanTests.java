package io.cello.telemetry.internal.client;

import java.net.URI;

import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.metrics.ClientRequestMetrics;
import io.cello.telemetry.testsupport.InMemoryTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static org.assertj.core.api.Assertions.assertThat;

/** An exchange's span, as it ends itself. */
class ClientExchangeSpanTests {

	private final InMemoryTelemetry telemetry = new InMemoryTelemetry();

	private final Span caller = this.telemetry.tracer().spanBuilder("caller").startSpan();

	private final Context callerContext = Context.root().with(this.caller);

	@AfterEach
	void close() {
		this.telemetry.close();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "OK, UNSET", "NOT_FOUND, UNSET", "BAD_GATEWAY, ERROR" })
	void aResponseEndsTheSpanWithItsStatusAndIsTimedOnceAServerErrorAsAnError(HttpStatus status,
			StatusCode spanStatus) {
		exchangeSpan(this.callerContext).end(ClientResponse.create(status).build(), null, false);

		SpanData span = this.telemetry.onlySpan();
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isEqualTo((long) status.value());
		assertThat(span.getStatus().getStatusCode()).isEqualTo(spanStatus);
		assertThat(span.getParentSpanId()).isEqualTo(this.caller.getSpanContext().getSpanId());
		assertThat(this.telemetry.onlyTimerCount(ClientRequestMetrics.NAME, "status", String.valueOf(status.value())))
			.isOne();
	}

	@Test
	void aFailedExchangeIsAnErrorWithItsException() {
		exchangeSpan(this.callerContext).end(null, new IllegalStateException("refused"), false);

		SpanData span = this.telemetry.onlySpan();
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isNull();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(this.telemetry.onlyTimerCount(ClientRequestMetrics.NAME, "exception", "IllegalStateException")).isOne();
	}

	@Test
	void aCancelledExchangeEndsWithoutAStatus() {
		exchangeSpan(this.callerContext).end(null, null, true);

		SpanData span = this.telemetry.onlySpan();
		assertThat(span.getAttributes().get(HTTP_STATUS_CODE)).isNull();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(this.telemetry.onlyTimerCount(ClientRequestMetrics.NAME, "status", "CLIENT_ERROR"))
			.as("no status, as Spring tags it")
			.isOne();
	}

	@Test
	void theResponseIsDeliveredInTheCallersContext() {
		ClientExchangeSpan exchangeSpan = exchangeSpan(this.callerContext);
		ClientResponse response = ClientResponse.create(HttpStatus.OK).build();

		assertThat(exchangeSpan.deliveryContext()).isSameAs(this.callerContext);
		assertThat(exchangeSpan.deliverable(response)).isInstanceOf(ContextCarryingResponse.class);
		assertThat(exchangeSpan(Context.root()).deliverable(response)).as("no context to carry").isSameAs(response);
	}

	@Test
	void theExchangeRunsWithoutTheCallersTraceContext() {
		reactor.util.context.Context subscriberContext = reactor.util.context.Context
			.of(OpenTelemetryContextAccessor.KEY, this.callerContext, "other", "kept");

		reactor.util.context.Context exchangeContext = exchangeSpan(this.callerContext)
			.exchangeContext(subscriberContext);

		assertThat(exchangeContext.hasKey(OpenTelemetryContextAccessor.KEY)).isFalse();
		assertThat(exchangeContext.<String>get("other")).isEqualTo("kept");
	}

	private ClientExchangeSpan exchangeSpan(Context callerContext) {
		Span span = this.telemetry.tracer()
			.spanBuilder("GET")
			.setSpanKind(SpanKind.CLIENT)
			.setParent(callerContext)
			.startSpan();
		ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://users:8080/users/7")).build();
		return new ClientExchangeSpan(span, callerContext.with(span), callerContext, System.nanoTime(), request,
				new ClientSpanAttributes(SemconvMode.CELLO), new ClientRequestMetrics(this.telemetry.registry()));
	}

}
