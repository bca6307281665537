package io.cello.telemetry.internal.server;

import java.net.URI;

import io.cello.telemetry.internal.http.HttpMethods;
import io.cello.telemetry.internal.http.PathParameters;
import io.cello.telemetry.internal.http.SemconvMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.resource.ResourceWebHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

import static io.cello.telemetry.internal.http.HttpAttributes.ERROR_TYPE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_BODY_SIZE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_CONTENT_LENGTH;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_DURATION_MS;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_BODY_SIZE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_CONTENT_LENGTH;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_ROUTE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_USER_AGENT;
import static io.cello.telemetry.internal.http.HttpAttributes.NET_HOST_NAME;
import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVER_ADDRESS;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVER_PORT;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVICE_NAME;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_PATH;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_SCHEME;
import static io.cello.telemetry.internal.http.HttpAttributes.USER_AGENT_ORIGINAL;

/**
 * Writes the HTTP attributes of a server span: those known when the request arrives,
 * and those known when it ends (route, status, sizes, duration). Only the path of the
 * URL is recorded, never its query string or path parameters, and no header but the request ID, the
 * {@code Host} the request was addressed to and its {@code User-Agent}, cut to
 * {@value #MAX_USER_AGENT_LENGTH} characters.
 */
public final class ServerSpanAttributes {

	/**
	 * Longest {@code User-Agent} recorded. Browsers' and HTTP clients' agents are well
	 * under it (about 100 to 200 characters); a longer one is padded or hostile, and
	 * would otherwise be copied whole into every span of its requests.
	 */
	static final int MAX_USER_AGENT_LENGTH = 256;

	private final SemconvMode semconv;

	private final @Nullable String serviceName;

	private final ServerSpanNames names = new ServerSpanNames();

	public ServerSpanAttributes(SemconvMode semconv, @Nullable String serviceName) {
		this.semconv = semconv;
		this.serviceName = serviceName;
	}

	/** @param requestId the request's ID, if it has one */
	void onStart(Span span, ServerWebExchange exchange, String method, @Nullable String requestId) {
		ServerHttpRequest request = exchange.getRequest();
		URI uri = request.getURI();
		String path = recordedPath(request);
		long contentLength = request.getHeaders().getContentLength();
		String userAgent = userAgent(request);
		if (this.semconv.cello()) {
			span.setAttribute(HTTP_METHOD, method);
			span.setAttribute(HTTP_URL, path);
			span.setAttribute(NET_HOST_NAME, uri.getHost());
			span.setAttribute(SERVICE_NAME, this.serviceName);
			if (contentLength >= 0) {
				span.setAttribute(HTTP_REQUEST_CONTENT_LENGTH, contentLength);
			}
			if (userAgent != null) {
				span.setAttribute(HTTP_USER_AGENT, userAgent);
			}
		}
		if (this.semconv.stable()) {
			span.setAttribute(HTTP_REQUEST_METHOD, method);
			if (method == HttpMethods.OTHER) {
				span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, request.getMethod().name());
			}
			span.setAttribute(URL_PATH, path);
			span.setAttribute(URL_SCHEME, uri.getScheme());
			span.setAttribute(SERVER_ADDRESS, uri.getHost());
			if (uri.getPort() > 0) {
				span.setAttribute(SERVER_PORT, uri.getPort());
			}
			if (contentLength >= 0) {
				span.setAttribute(HTTP_REQUEST_BODY_SIZE, contentLength);
			}
			if (userAgent != null) {
				span.setAttribute(USER_AGENT_ORIGINAL, userAgent);
			}
		}
		if (requestId != null) {
			span.setAttribute(REQUEST_ID, requestId);
		}
	}

	/** The request's raw path without its query string or {@code ;} path parameters. */
	private static String recordedPath(ServerHttpRequest request) {
		return PathParameters.strip(request.getPath().value());
	}

	private static @Nullable String userAgent(ServerHttpRequest request) {
		String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
		if (userAgent == null || userAgent.isEmpty()) {
			return null;
		}
		return (userAgent.length() > MAX_USER_AGENT_LENGTH) ? userAgent.substring(0, MAX_USER_AGENT_LENGTH) : userAgent;
	}

	/**
	 * @param status the response status, or {@code -1} if the client went away first
	 * @param route the route that handled the request, if any
	 */
	void onEnd(Span span, ServerWebExchange exchange, String method, long durationNanos, int status,
			@Nullable PathPattern route, @Nullable Throwable error) {
		if (this.semconv.cello()) {
			span.setAttribute(HTTP_REQUEST_DURATION_MS, durationNanos / 1_000_000.0);
		}
		if (route != null) {
			span.updateName(this.names.name(method, route));
			span.setAttribute(HTTP_ROUTE, route.getPatternString());
		}
		if (status < 0) {
			return;
		}
		long responseLength = exchange.getResponse().getHeaders().getContentLength();
		if (this.semconv.cello()) {
			span.setAttribute(HTTP_STATUS_CODE, status);
			if (responseLength >= 0) {
				span.setAttribute(HTTP_RESPONSE_CONTENT_LENGTH, responseLength);
			}
		}
		if (this.semconv.stable()) {
			span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status);
			if (responseLength >= 0) {
				span.setAttribute(HTTP_RESPONSE_BODY_SIZE, responseLength);
			}
		}
		if (status >= 500) {
			span.setStatus(StatusCode.ERROR);
			if (this.semconv.stable()) {
				span.setAttribute(ERROR_TYPE, (error != null) ? error.getClass().getName() : Integer.toString(status));
			}
			if (error != null) {
				span.recordException(error);
			}
		}
	}

	/**
	 * The route template that handled the request, if any. A 404 from the static resource
	 * handler's catch-all {@code /**} means that no route matched.
	 */
	static @Nullable PathPattern routeOf(ServerWebExchange exchange, int status) {
		if (!(exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof PathPattern pattern)) {
			return null;
		}
		if (status == 404 && exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof ResourceWebHandler) {
			return null;
		}
		return pattern;
	}

	static int statusOf(@Nullable HttpStatusCode status) {
		return (status != null) ? status.value() : 200;
	}

	/** The status the error will be answered with, as Spring's error handling decides it. */
	static int statusOf(Throwable error) {
		if (error instanceof ErrorResponse response) {
			return response.getStatusCode().value();
		}
		ResponseStatus annotation = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
		return (annotation != null) ? annotation.code().value() : 500;
	}

}
