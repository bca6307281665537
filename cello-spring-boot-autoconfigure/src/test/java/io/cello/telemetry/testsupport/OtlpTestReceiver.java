package io.cello.telemetry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A real OTLP trace receiver on 127.0.0.1 and a free port, over gRPC or HTTP/protobuf,
 * plain or over TLS (optionally requiring a client certificate). It decodes every export
 * with the {@code opentelemetry-proto} classes, gzip-compressed or not, and keeps it.
 * <p>
 * It can play a collector in trouble, switched at any time: {@link #failWith(String)}
 * answers every export with an error (HTTP 503 or gRPC {@code UNAVAILABLE}) carrying the
 * given message, {@link #hang()} accepts exports and does not answer them, and
 * {@link #recover()} goes back to receiving. Exports answered with an error, or left
 * hanging over gRPC (whose deadline ends them), are not kept.
 */
public final class OtlpTestReceiver implements AutoCloseable {

	private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();

	private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

	private final Server grpcServer;

	private final HttpServer httpServer;

	private volatile Fault fault = Fault.NONE;

	private volatile String failureMessage;

	private volatile CountDownLatch hanging = new CountDownLatch(0);

	private final AtomicInteger faultyExports = new AtomicInteger();

	private volatile boolean closed;

	private final boolean tls;

	private OtlpTestReceiver(boolean grpc, TestCertificates certificates, boolean clientCertificateRequired)
			throws IOException {
		this.tls = certificates != null;
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
		if (grpc) {
			NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
				.addService(ServerInterceptors.intercept(new TraceService(), new HeaderRecorder()));
			if (certificates != null) {
				builder.sslContext(GrpcSslContexts
					.forServer(certificates.serverCertificate().toFile(), certificates.serverKey().toFile())
					.trustManager(certificates.caCertificate().toFile())
					.clientAuth(clientCertificateRequired ? ClientAuth.REQUIRE : ClientAuth.NONE)
					.build());
			}
			this.grpcServer = builder.build().start();
			this.httpServer = null;
		}
		else {
			this.httpServer = (certificates != null) ? httpsServer(address, certificates, clientCertificateRequired)
					: HttpServer.create(address, 0);
			this.httpServer.createContext("/v1/traces", this::handleHttp);
			// Exchanges left hanging must not hold up the others.
			this.httpServer.setExecutor(Executors.newCachedThreadPool());
			this.httpServer.start();
			this.grpcServer = null;
		}
	}

	public static OtlpTestReceiver grpc() throws IOException {
		return new OtlpTestReceiver(true, null, false);
	}

	public static OtlpTestReceiver http() throws IOException {
		return new OtlpTestReceiver(false, null, false);
	}

	/**
	 * A gRPC receiver over TLS with the server certificate of {@code certificates},
	 * accepting client certificates signed by their CA, or requiring one.
	 */
	public static OtlpTestReceiver grpcTls(TestCertificates certificates, boolean clientCertificateRequired)
			throws IOException {
		return new OtlpTestReceiver(true, certificates, clientCertificateRequired);
	}

	/**
	 * An HTTP/protobuf receiver over TLS with the server certificate of
	 * {@code certificates}, accepting client certificates signed by their CA, or requiring
	 * one.
	 */
	public static OtlpTestReceiver https(TestCertificates certificates, boolean clientCertificateRequired)
			throws IOException {
		return new OtlpTestReceiver(false, certificates, clientCertificateRequired);
	}

	private static HttpsServer httpsServer(InetSocketAddress address, TestCertificates certificates,
			boolean clientCertificateRequired) throws IOException {
		SSLContext sslContext = SslBundle
			.of(new PemSslStoreBundle(
					PemSslStoreDetails.forCertificate(certificates.serverCertificate().toUri().toString())
						.withPrivateKey(certificates.serverKey().toUri().toString()),
					PemSslStoreDetails.forCertificate(certificates.caCertificate().toUri().toString())))
			.createSslContext();
		HttpsServer server = HttpsServer.create(address, 0);
		server.setHttpsConfigurator(new HttpsConfigurator(sslContext) {

			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters sslParameters = getSSLContext().getDefaultSSLParameters();
				if (clientCertificateRequired) {
					sslParameters.setNeedClientAuth(true);
				}
				else {
					sslParameters.setWantClientAuth(true);
				}
				parameters.setSSLParameters(sslParameters);
			}

		});
		return server;
	}

	/** The endpoint an exporter should be given: scheme, host and port, no path. */
	public String endpoint() {
		int port = (this.grpcServer != null) ? this.grpcServer.getPort() : this.httpServer.getAddress().getPort();
		return (this.tls ? "https" : "http") + "://127.0.0.1:" + port;
	}

	/**
	 * Answers every export from now on with HTTP 503 and {@code message} as its body, or
	 * gRPC {@code UNAVAILABLE} with {@code message} as its description.
	 */
	public void failWith(String message) {
		this.failureMessage = message;
		this.fault = Fault.FAIL;
		this.hanging.countDown();
	}

	/** Accepts every export from now on and never answers it. */
	public void hang() {
		this.hanging = new CountDownLatch(1);
		this.fault = Fault.HANG;
	}

	/** Receives exports again, those left hanging over HTTP included. */
	public void recover() {
		this.fault = Fault.NONE;
		this.hanging.countDown();
	}

	/** Exports answered with an error or left hanging so far. */
	public int faultyExports() {
		return this.faultyExports.get();
	}

	public List<ExportTraceServiceRequest> requests() {
		return this.requests;
	}

	/** The headers of each export, lower-case names. */
	public List<Map<String, String>> headers() {
		return this.headers;
	}

	public List<Span> spans() {
		return this.requests.stream()
			.flatMap((request) -> request.getResourceSpansList().stream())
			.flatMap((resourceSpans) -> resourceSpans.getScopeSpansList().stream())
			.flatMap((scopeSpans) -> scopeSpans.getSpansList().stream())
			.toList();
	}

	public List<ResourceSpans> resourceSpans() {
		return this.requests.stream().flatMap((request) -> request.getResourceSpansList().stream()).toList();
	}

	public static int spanCount(ExportTraceServiceRequest request) {
		return request.getResourceSpansList()
			.stream()
			.flatMap((resourceSpans) -> resourceSpans.getScopeSpansList().stream())
			.mapToInt(ScopeSpans::getSpansCount)
			.sum();
	}

	public static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map(KeyValue::getValue)
			.map(OtlpTestReceiver::text)
			.findFirst()
			.orElse(null);
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> Long.toString(value.getIntValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			default -> value.toString();
		};
	}

	private void handleHttp(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			if (!"POST".equals(exchange.getRequestMethod())
					|| !"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
				exchange.sendResponseHeaders(415, -1);
				return;
			}
			boolean gzip = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
			ExportTraceServiceRequest request = ExportTraceServiceRequest
				.parseFrom((gzip ? new GZIPInputStream(body) : body).readAllBytes());
			Fault current = this.fault;
			if (current != Fault.NONE) {
				this.faultyExports.incrementAndGet();
				if (current == Fault.HANG && awaitRecovery()) {
					respondReceived(exchange, request);
					return;
				}
				if (current == Fault.HANG) {
					return;
				}
				byte[] message = this.failureMessage.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "text/plain");
				exchange.sendResponseHeaders(503, message.length);
				exchange.getResponseBody().write(message);
				return;
			}
			respondReceived(exchange, request);
		}
		finally {
			exchange.close();
		}
	}

	private void respondReceived(HttpExchange exchange, ExportTraceServiceRequest request) throws IOException {
		Map<String, String> received = new java.util.TreeMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(), values.get(0)));
		this.headers.add(received);
		this.requests.add(request);
		byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
		exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, response.length);
		exchange.getResponseBody().write(response);
	}

	/** Waits until the hang ends; whether the receiver recovered (rather than closed). */
	private boolean awaitRecovery() {
		try {
			this.hanging.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		return this.fault == Fault.NONE && !this.closed;
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		this.hanging.countDown();
		if (this.grpcServer != null) {
			this.grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.httpServer != null) {
			this.httpServer.stop(0);
			((ExecutorService) this.httpServer.getExecutor()).shutdownNow();
		}
	}

	private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {

		@Override
		public void export(ExportTraceServiceRequest request,
				StreamObserver<ExportTraceServiceResponse> responseObserver) {
			Fault current = OtlpTestReceiver.this.fault;
			if (current != Fault.NONE) {
				OtlpTestReceiver.this.faultyExports.incrementAndGet();
				if (current == Fault.FAIL) {
					responseObserver.onError(Status.UNAVAILABLE.withDescription(OtlpTestReceiver.this.failureMessage)
						.asRuntimeException());
				}
				// Left hanging: the exporter's deadline ends the call.
				return;
			}
			OtlpTestReceiver.this.requests.add(request);
			responseObserver.onNext(ExportTraceServiceResponse.getDefaultInstance());
			responseObserver.onCompleted();
		}

	}

	private enum Fault {

		NONE, FAIL, HANG

	}

	private final class HeaderRecorder implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
				ServerCallHandler<Q, R> next) {
			Map<String, String> received = new java.util.TreeMap<>();
			for (String key : metadata.keys()) {
				if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
					received.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
				}
			}
			OtlpTestReceiver.this.headers.add(received);
			return next.startCall(call, metadata);
		}

	}

}
