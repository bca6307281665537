package io.cello.telemetry.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.cello.telemetry.internal.actuate.BasePathWebFluxEndpointHandlerMapping;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.CorsEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Maps the Actuator endpoints with {@link BasePathWebFluxEndpointHandlerMapping}, which
 * leaves application requests alone, in place of Spring Boot's own mapping, in whichever
 * context serves the endpoints. Ordered before Spring Boot's WebFlux endpoint
 * configuration, whose mapping then backs off; the endpoints, their links, CORS and base
 * path are set up exactly as Spring Boot sets them up.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ DispatcherHandler.class, WebFluxEndpointHandlerMapping.class })
@ConditionalOnBooleanProperty(name = "cello.telemetry.enabled", matchIfMissing = true)
@ConditionalOnBean(WebEndpointsSupplier.class)
@EnableConfigurationProperties(CorsEndpointProperties.class)
public final class CelloWebFluxEndpointManagementContextConfiguration {

	@Bean
	@ConditionalOnMissingBean(WebFluxEndpointHandlerMapping.class)
	@SuppressWarnings("removal")
	BasePathWebFluxEndpointHandlerMapping webEndpointReactiveHandlerMapping(WebEndpointsSupplier webEndpointsSupplier,
			org.springframework.boot.actuate.endpoint.web.annotation.ControllerEndpointsSupplier controllerEndpointsSupplier,
			EndpointMediaTypes endpointMediaTypes, CorsEndpointProperties corsProperties,
			WebEndpointProperties webEndpointProperties, Environment environment) {
		String basePath = webEndpointProperties.getBasePath();
		Collection<ExposableWebEndpoint> endpoints = webEndpointsSupplier.getEndpoints();
		List<ExposableEndpoint<?>> linked = new ArrayList<>(endpoints);
		linked.addAll(controllerEndpointsSupplier.getEndpoints());
		boolean linksMapping = webEndpointProperties.getDiscovery().isEnabled()
				&& (StringUtils.hasText(basePath) || ManagementPortType.get(environment) == ManagementPortType.DIFFERENT);
		return new BasePathWebFluxEndpointHandlerMapping(new EndpointMapping(basePath), endpoints, endpointMediaTypes,
				corsProperties.toCorsConfiguration(), new EndpointLinksResolver(linked, basePath), linksMapping);
	}

}
