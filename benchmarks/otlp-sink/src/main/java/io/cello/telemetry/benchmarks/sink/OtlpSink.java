package io.cello.telemetry.benchmarks.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP receiver for load benchmarks: it decodes every trace export as the
 * protobuf it is, counts the spans by kind in buckets of their start time, and discards
 * them. Metrics and logs exports are accepted and dropped undecoded.
 *
 * <p>
 * {@code GET /counts?from=<epoch ms>&to=<epoch ms>} answers the spans that started in
 * that window, as JSON, so that one run can tell its phases apart without resetting.
 * Usage: {@code java -jar otlp-sink.jar <port file>}: it listens on a free loopback port
 * and writes that port to the file once it is ready.
 */
public final class OtlpSink {

	private final SpanCounts counts = new SpanCounts();

	private final AtomicLong rejectedExports = new AtomicLong();

	private final AtomicLong otherExports = new AtomicLong();

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: java -jar otlp-sink.jar <port file>");
			System.exit(2);
		}
		HttpServer server = new OtlpSink().start();
		java.nio.file.Path portFile = java.nio.file.Path.of(args[0]);
		java.nio.file.Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
		java.nio.file.Files.writeString(partial, Integer.toString(server.getAddress().getPort()));
		java.nio.file.Files.move(partial, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	HttpServer start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.createContext("/v1/traces", this::traces);
		server.createContext("/v1/metrics", this::discard);
		server.createContext("/v1/logs", this::discard);
		server.createContext("/counts", this::counts);
		server.start();
		return server;
	}

	private void traces(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				send(exchange, 405, "text/plain", new byte[0]);
				return;
			}
			ExportTraceServiceRequest request;
			try (InputStream body = body(exchange)) {
				request = ExportTraceServiceRequest.parseFrom(body);
			}
			catch (IOException ex) {
				this.rejectedExports.incrementAndGet();
				send(exchange, 400, "text/plain", ex.toString().getBytes(StandardCharsets.UTF_8));
				return;
			}
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (Span span : scopeSpans.getSpansList()) {
						this.counts.add(span.getStartTimeUnixNano() / 1_000_000, span.getKind());
					}
				}
			}
			send(exchange, 200, "application/x-protobuf", ExportTraceServiceResponse.getDefaultInstance().toByteArray());
		}
	}

	private void discard(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.transferTo(OutputStream.nullOutputStream());
			this.otherExports.incrementAndGet();
			send(exchange, 200, "application/x-protobuf", new byte[0]);
		}
	}

	private void counts(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
			long from = Long.parseLong(query.getOrDefault("from", "0"));
			long to = Long.parseLong(query.getOrDefault("to", Long.toString(Long.MAX_VALUE)));
			long[] byKind = this.counts.between(from, to);
			String json = String.format(
					"{\"server\":%d,\"client\":%d,\"internal\":%d,\"other\":%d,\"rejectedExports\":%d,\"otherExports\":%d}",
					byKind[Span.SpanKind.SPAN_KIND_SERVER_VALUE], byKind[Span.SpanKind.SPAN_KIND_CLIENT_VALUE],
					byKind[Span.SpanKind.SPAN_KIND_INTERNAL_VALUE],
					byKind[0] + byKind[Span.SpanKind.SPAN_KIND_PRODUCER_VALUE]
							+ byKind[Span.SpanKind.SPAN_KIND_CONSUMER_VALUE],
					this.rejectedExports.get(), this.otherExports.get());
			send(exchange, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
		}
		catch (NumberFormatException ex) {
			send(exchange, 400, "text/plain", ex.toString().getBytes(StandardCharsets.UTF_8));
		}
	}

	private static InputStream body(HttpExchange exchange) throws IOException {
		InputStream body = exchange.getRequestBody();
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
	}

	private static Map<String, String> query(String rawQuery) {
		Map<String, String> query = new HashMap<>();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					query.put(pair.substring(0, equals), pair.substring(equals + 1));
				}
			}
		}
		return query;
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		if (body.length > 0) {
			exchange.getResponseBody().write(body);
		}
	}

}
