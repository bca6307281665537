package io.cello.telemetry.chain;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cello against OpenTelemetry's own propagators, format by format: headers they write
 * are honoured, and headers Cello writes are read back by them.
 */
class PropagationInteropTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String SPAN_ID = "b7ad6b7169203331";

	@ParameterizedTest
	@ValueSource(strings = { "w3c", "b3", "b3multi", "jaeger" })
	void headersWrittenByOpenTelemetryAreHonouredAndCellosAreReadByIt(String format) throws Exception {
		TextMapPropagator reference = reference(format);
		List<Map<String, String>> downstream = new CopyOnWriteArrayList<>();
		HttpServer peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		peer.createContext("/chain", (exchange) -> {
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
			downstream.add(headers);
			byte[] body = "ok".getBytes();
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		peer.start();
		try (ConfigurableApplicationContext app = TestApplications.builder(ChainTestApplication.class,
					"cello.telemetry.service-name=a",
					"cello.telemetry.exporter=none", "cello.telemetry.propagation=" + format,
					"chain.next=http://127.0.0.1:" + peer.getAddress().getPort())
			.run()) {
			Map<String, String> incoming = new TreeMap<>();
			SpanContext upstream = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
			reference.inject(Context.root().with(Span.wrap(upstream)), incoming, Map::put);

			WebTestClient.bindToServer()
				.baseUrl(LocalServer.baseUrl(app))
				.build()
				.get()
				.uri("/chain")
				.headers((headers) -> incoming.forEach(headers::set))
				.exchange()
				.expectStatus()
				.isOk();

			RecordedSpans spans = app.getBean(RecordedSpans.class);
			SpanData server = spans.await(1, (span) -> span.getKind() == SpanKind.SERVER).get(0);
			SpanData client = spans.await(1, (span) -> span.getKind() == SpanKind.CLIENT).get(0);
			assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
			assertThat(server.getParentSpanId()).isEqualTo(SPAN_ID);

			assertThat(downstream).hasSize(1);
			SpanContext read = Span
				.fromContext(reference.extract(Context.root(), downstream.get(0), MapGetter.INSTANCE))
				.getSpanContext();
			assertThat(read.getTraceId()).isEqualTo(TRACE_ID);
			assertThat(read.getSpanId()).isEqualTo(client.getSpanId());
			assertThat(read.isSampled()).isTrue();
		}
		finally {
			peer.stop(0);
		}
	}

	private static TextMapPropagator reference(String format) {
		return switch (format) {
			case "w3c" -> W3CTraceContextPropagator.getInstance();
			case "b3" -> B3Propagator.injectingSingleHeader();
			case "b3multi" -> B3Propagator.injectingMultiHeaders();
			case "jaeger" -> JaegerPropagator.getInstance();
			default -> throw new IllegalArgumentException(format);
		};
	}

	private enum MapGetter implements TextMapGetter<Map<String, String>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Map<String, String> carrier, String key) {
			return carrier.get(key);
		}

	}

}
