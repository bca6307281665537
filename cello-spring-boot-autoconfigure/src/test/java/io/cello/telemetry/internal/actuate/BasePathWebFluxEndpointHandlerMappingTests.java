package io.cello.telemetry.internal.actuate;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the endpoint mapping looks up: only those under the base path, matched
 * as the endpoints' own patterns match.
 */
class BasePathWebFluxEndpointHandlerMappingTests {

	@Test
	void applicationRequestsAreNotLookedUp() {
		CountingMapping mapping = mapping("/actuator");
		assertThat(handler(mapping, "/orders/42")).isNull();
		assertThat(handler(mapping, "/actuatorish")).isNull();
		assertThat(handler(mapping, "/")).isNull();
		assertThat(mapping.lookups).hasValue(0);
	}

	@Test
	void requestsUnderTheBasePathAreLookedUpAsBefore() {
		CountingMapping mapping = mapping("/actuator");
		assertThat(handler(mapping, "/actuator")).as("the links page").isNotNull();
		assertThat(handler(mapping, "/%61ctuator")).as("encoded, as the endpoints' patterns decode it").isNotNull();
		assertThat(handler(mapping, "/actuator/unknown")).isNull();
		assertThat(mapping.lookups).hasValue(3);
	}

	@Test
	void aMultiSegmentBasePathIsMatchedWhole() {
		CountingMapping mapping = mapping("/manage/actuator");
		assertThat(handler(mapping, "/manage/actuator")).isNotNull();
		assertThat(handler(mapping, "/manage/orders")).isNull();
		assertThat(mapping.lookups).hasValue(1);
	}

	@Test
	void withEndpointsAtTheRootEveryRequestIsLookedUp() {
		CountingMapping mapping = mapping("");
		assertThat(handler(mapping, "/")).as("the links page").isNotNull();
		assertThat(handler(mapping, "/orders/42")).isNull();
		assertThat(mapping.lookups).hasValue(2);
	}

	private static HandlerMethod handler(CountingMapping mapping, String path) {
		ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(path)));
		return (HandlerMethod) mapping.getHandler(exchange).block();
	}

	private static CountingMapping mapping(String basePath) {
		CountingMapping mapping = new CountingMapping(new EndpointMapping(basePath));
		mapping.setApplicationContext(new StaticApplicationContext());
		mapping.afterPropertiesSet();
		return mapping;
	}

	/** Counts the lookups that reach Spring's matching of the registered mappings. */
	static final class CountingMapping extends BasePathWebFluxEndpointHandlerMapping {

		final AtomicInteger lookups = new AtomicInteger();

		CountingMapping(EndpointMapping endpointMapping) {
			super(endpointMapping, List.of(), EndpointMediaTypes.DEFAULT, null,
					new EndpointLinksResolver(List.of(), endpointMapping.getPath()), true);
		}

		@Override
		protected HandlerMethod lookupHandlerMethod(ServerWebExchange exchange) throws Exception {
			this.lookups.incrementAndGet();
			return super.lookupHandlerMethod(exchange);
		}

	}

}
