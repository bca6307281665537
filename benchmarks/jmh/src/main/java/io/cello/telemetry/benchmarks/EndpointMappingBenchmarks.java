package io.cello.telemetry.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.internal.actuate.BasePathWebFluxEndpointHandlerMapping;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerMapping;

/**
 * What Actuator's WebFlux endpoint mapping costs a request that it does not serve, which
 * is every application request on the application's port: Spring Boot's mapping against
 * Cello's, for endpoints shaped as Cello's defaults expose them (links, {@code health}
 * with its sub-paths, {@code prometheus}), and the same request to an endpoint for
 * reference. Run with {@code -prof gc} for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EndpointMappingBenchmarks {

	@Param({ "spring-boot", "cello" })
	public String mapping;

	@Param({ "/orders/42", "/actuator/health" })
	public String path;

	private AnnotationConfigApplicationContext context;

	private HandlerMapping handlerMapping;

	private MockServerWebExchange exchange;

	@Setup(Level.Trial)
	public void setUp() {
		this.context = new AnnotationConfigApplicationContext(HealthEndpoint.class, PrometheusEndpoint.class);
		WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(this.context,
				new ConversionServiceParameterValueMapper(), EndpointMediaTypes.DEFAULT, List.of(), List.of(),
				List.of(), List.of(), List.of());
		Collection<ExposableWebEndpoint> endpoints = discoverer.getEndpoints();
		EndpointMapping endpointMapping = new EndpointMapping("/actuator");
		EndpointLinksResolver links = new EndpointLinksResolver(new ArrayList<>(endpoints), "/actuator");
		WebFluxEndpointHandlerMapping mapping = "cello".equals(this.mapping)
				? new BasePathWebFluxEndpointHandlerMapping(endpointMapping, endpoints, EndpointMediaTypes.DEFAULT,
						null, links, true)
				: new WebFluxEndpointHandlerMapping(endpointMapping, endpoints, EndpointMediaTypes.DEFAULT, null,
						links, true);
		mapping.setApplicationContext(this.context);
		mapping.afterPropertiesSet();
		this.handlerMapping = mapping;
		// One exchange for every operation: what is measured is the lookup, not building a mock request.
		this.exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get(this.path).header("Accept", "application/json"));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public Object getHandler() {
		return this.handlerMapping.getHandler(this.exchange).block();
	}

	@Endpoint(id = "health")
	static class HealthEndpoint {

		@ReadOperation
		public String health() {
			return "UP";
		}

		@ReadOperation
		public String healthForPath(@Selector(match = Match.ALL_REMAINING) String... path) {
			return "UP";
		}

	}

	@Endpoint(id = "prometheus")
	static class PrometheusEndpoint {

		@ReadOperation(produces = { "text/plain;version=0.0.4;charset=utf-8",
				"application/openmetrics-text;version=1.0.0;charset=utf-8" })
		public String scrape() {
			return "";
		}

	}

}
