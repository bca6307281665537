package io.cello.telemetry.internal.actuate;

import java.util.Collection;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring Boot's WebFlux mapping of the Actuator endpoints, which looks a request up only
 * when its path is under the endpoints' base path ({@code /actuator} by default).
 * <p>
 * The endpoint mapping is consulted before the application's own mappings, so that an
 * application route never shadows an endpoint. Without this check, every application
 * request is matched against each endpoint's method, media-type and path conditions,
 * and then again to explain the mismatch, before its own handler is found: work that
 * never finds a handler outside the base path. The check is a path-pattern match, with
 * the mapping's own parser: decoding, case sensitivity and everything else as the
 * endpoints' patterns see it. With an empty base path (endpoints at the root of a
 * management port of their own) every request is looked up, as before.
 */
public class BasePathWebFluxEndpointHandlerMapping extends WebFluxEndpointHandlerMapping {

	private final String basePath;

	private @Nullable PathPattern underBasePath;

	public BasePathWebFluxEndpointHandlerMapping(EndpointMapping endpointMapping,
			Collection<ExposableWebEndpoint> endpoints, EndpointMediaTypes endpointMediaTypes,
			@Nullable CorsConfiguration corsConfiguration, EndpointLinksResolver linksResolver,
			boolean shouldRegisterLinksMapping) {
		super(endpointMapping, endpoints, endpointMediaTypes, corsConfiguration, linksResolver,
				shouldRegisterLinksMapping);
		this.basePath = endpointMapping.getPath();
	}

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		// Parsed here, once the mapping's parser is configured; "/**" also matches the base path itself.
		this.underBasePath = this.basePath.isEmpty() ? null : getPathPatternParser().parse(this.basePath + "/**");
	}

	@Override
	public Mono<HandlerMethod> getHandlerInternal(ServerWebExchange exchange) {
		if (this.underBasePath != null
				&& !this.underBasePath.matches(exchange.getRequest().getPath().pathWithinApplication())) {
			return Mono.empty();
		}
		return super.getHandlerInternal(exchange);
	}

}
