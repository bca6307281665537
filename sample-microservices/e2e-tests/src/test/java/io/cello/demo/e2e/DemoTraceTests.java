package io.cello.demo.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.cello.demo.gateway.ApiGatewayApplication;
import io.cello.demo.orders.OrderServiceApplication;
import io.cello.demo.users.UserServiceApplication;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.cello.telemetry.testsupport.OtlpTestReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in one JVM: api-gateway → order-service → user-service (and its database),
 * exporting over OTLP to a real receiver. One gateway request is one trace across the
 * three services, with the custom spans, the event, the database span and the error path.
 */
class DemoTraceTests {

	private static OtlpTestReceiver receiver;

	private static final List<ConfigurableApplicationContext> services = new ArrayList<>();

	private static String gateway;

	/** A span with the service that reported it. */
	record ServiceSpan(String service, Span span) {

		String id() {
			return hex(this.span.getSpanId().toByteArray());
		}

		String parentId() {
			return hex(this.span.getParentSpanId().toByteArray());
		}

		String traceId() {
			return hex(this.span.getTraceId().toByteArray());
		}

		String attribute(String key) {
			return OtlpTestReceiver.attribute(this.span.getAttributesList(), key);
		}

	}

	@BeforeAll
	static void startTheDemo() throws Exception {
		receiver = OtlpTestReceiver.http();
		String users = "http://127.0.0.1:" + port(start(UserServiceApplication.class, "user-service",
				"spring.r2dbc.url=r2dbc:h2:mem:///e2e-users;DB_CLOSE_DELAY=-1", "spring.sql.init.mode=always"));
		String orders = "http://127.0.0.1:"
				+ port(start(OrderServiceApplication.class, "order-service", "demo.user-service-url=" + users));
		gateway = "http://127.0.0.1:"
				+ port(start(ApiGatewayApplication.class, "api-gateway", "demo.order-service-url=" + orders));
	}

	@AfterAll
	static void stopTheDemo() throws Exception {
		services.forEach(ConfigurableApplicationContext::close);
		receiver.close();
	}

	@Test
	void oneRequestIsOneTraceAcrossTheThreeServicesAndTheDatabase() throws Exception {
		assertThat(get("/api/orders/1", "e2e-1")).isEqualTo(200);

		List<ServiceSpan> trace = traceOf("e2e-1", 8);
		assertThat(trace).extracting(ServiceSpan::traceId).containsOnly(trace.get(0).traceId());
		ServiceSpan gatewayServer = only(trace, "api-gateway", Span.SpanKind.SPAN_KIND_SERVER, null);
		ServiceSpan gatewayClient = only(trace, "api-gateway", Span.SpanKind.SPAN_KIND_CLIENT, null);
		ServiceSpan orderServer = only(trace, "order-service", Span.SpanKind.SPAN_KIND_SERVER, null);
		ServiceSpan orderClient = only(trace, "order-service", Span.SpanKind.SPAN_KIND_CLIENT, null);
		ServiceSpan userServer = only(trace, "user-service", Span.SpanKind.SPAN_KIND_SERVER, null);
		ServiceSpan query = only(trace, "user-service", Span.SpanKind.SPAN_KIND_CLIENT, null);
		ServiceSpan inventory = only(trace, "order-service", null, "validate_inventory");
		ServiceSpan payment = only(trace, "order-service", null, "charge_payment");

		assertThat(gatewayServer.parentId()).as("a root span").isEmpty();
		assertThat(gatewayServer.span().getName()).isEqualTo("GET /api/orders/{id}");
		assertThat(gatewayClient.parentId()).isEqualTo(gatewayServer.id());
		assertThat(orderServer.parentId()).isEqualTo(gatewayClient.id());
		assertThat(orderServer.span().getName()).isEqualTo("GET /orders/{id}");
		assertThat(orderClient.parentId()).isEqualTo(orderServer.id());
		assertThat(userServer.parentId()).isEqualTo(orderClient.id());
		assertThat(userServer.span().getName()).isEqualTo("GET /users/{id}");
		assertThat(query.parentId()).isEqualTo(userServer.id());
		assertThat(query.span().getAttributesList().toString()).contains("SELECT id, name, tier FROM users");
		assertThat(inventory.parentId()).isEqualTo(orderServer.id());
		assertThat(inventory.attribute("inventory.items")).isEqualTo("3");
		assertThat(payment.parentId()).isEqualTo(orderServer.id());
		assertThat(payment.attribute("payment.amount")).isEqualTo("42.5");
		assertThat(orderServer.span().getEventsList()).extracting(Span.Event::getName).contains("order_confirmed");
		for (ServiceSpan server : List.of(gatewayServer, orderServer, userServer)) {
			assertThat(server.attribute("request.id")).as(server.service()).isEqualTo("e2e-1");
		}
	}

	@Test
	void aDeclinedPaymentIsAnErrorAcrossTheTrace() throws Exception {
		assertThat(get("/api/orders/13", "e2e-13")).isEqualTo(502);

		List<ServiceSpan> trace = traceOf("e2e-13", 8);
		ServiceSpan payment = only(trace, "order-service", null, "charge_payment");
		assertThat(payment.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(payment.span().getEventsList()).extracting(Span.Event::getName).contains("exception");
		ServiceSpan orderServer = only(trace, "order-service", Span.SpanKind.SPAN_KIND_SERVER, null);
		assertThat(orderServer.attribute("http.status_code")).isEqualTo("502");
		assertThat(orderServer.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		ServiceSpan gatewayServer = only(trace, "api-gateway", Span.SpanKind.SPAN_KIND_SERVER, null);
		assertThat(gatewayServer.attribute("http.status_code")).isEqualTo("502");
		assertThat(gatewayServer.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
	}

	private static List<ServiceSpan> traceOf(String requestId, int atLeast) {
		return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			List<ServiceSpan> all = allSpans();
			String traceId = all.stream()
				.filter((span) -> requestId.equals(span.attribute("request.id")))
				.map(ServiceSpan::traceId)
				.findFirst()
				.orElse(null);
			return all.stream().filter((span) -> span.traceId().equals(traceId)).toList();
		}, (trace) -> trace.size() >= atLeast);
	}

	private static List<ServiceSpan> allSpans() {
		List<ServiceSpan> spans = new ArrayList<>();
		for (ResourceSpans resourceSpans : receiver.resourceSpans()) {
			String service = attribute(resourceSpans.getResource().getAttributesList(), "service.name");
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				scopeSpans.getSpansList().forEach((span) -> spans.add(new ServiceSpan(service, span)));
			}
		}
		return spans;
	}

	private static ServiceSpan only(List<ServiceSpan> trace, String service, Span.SpanKind kind, String name) {
		List<ServiceSpan> matching = trace.stream()
			.filter((span) -> span.service().equals(service))
			.filter((span) -> kind == null || span.span().getKind() == kind)
			.filter((span) -> name == null || span.span().getName().equals(name))
			.toList();
		assertThat(matching).as("%s %s %s in %s", service, kind, name, describe(trace)).hasSize(1);
		return matching.get(0);
	}

	private static String describe(List<ServiceSpan> trace) {
		return trace.stream()
			.map((span) -> span.service() + ":" + span.span().getKind() + ":" + span.span().getName())
			.collect(Collectors.joining(", "));
	}

	private static int get(String path, String requestId) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("X-Request-ID", requestId).build(),
					HttpResponse.BodyHandlers.ofString());
		return response.statusCode();
	}

	private static ConfigurableApplicationContext start(Class<?> application, String name, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			// The three services share this classpath, so none reads an application.yml.
			.properties("spring.config.name=e2e-none", "spring.application.name=" + name, "server.port=0",
					"server.address=127.0.0.1", "cello.telemetry.protocol=http/protobuf",
					"cello.telemetry.otlp-endpoint=" + receiver.endpoint(), "cello.telemetry.schedule-delay=100ms")
			// No broker here (run-demo.sh --smoke checks the Kafka leg against a real one): no
			// listener, no topic creation, and an order's event given up after half a second.
			.properties("spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.listener.auto-startup=false",
					"spring.kafka.admin.auto-create=false", "spring.kafka.producer.properties.max.block.ms=500")
			.properties(properties)
			.run();
		services.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (byte b : bytes) {
			hex.append(String.format("%02x", b));
		}
		return hex.toString();
	}

}
