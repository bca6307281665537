package io.cello.telemetry.internal.client;

import java.net.URI;

import io.cello.telemetry.internal.http.HttpMethods;
import io.cello.telemetry.internal.http.PathParameters;
import io.cello.telemetry.internal.http.SemconvMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

import static io.cello.telemetry.internal.http.HttpAttributes.ERROR_TYPE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_METHOD;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_STATUS_CODE;
import static io.cello.telemetry.internal.http.HttpAttributes.HTTP_URL;
import static io.cello.telemetry.internal.http.HttpAttributes.NET_PEER_NAME;
import static io.cello.telemetry.internal.http.HttpAttributes.REQUEST_ID;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVER_ADDRESS;
import static io.cello.telemetry.internal.http.HttpAttributes.SERVER_PORT;
import static io.cello.telemetry.internal.http.HttpAttributes.URL_FULL;

/**
 * Writes the HTTP attributes of a client span. The URL is recorded without its query
 * string, path parameters ({@code ;jsessionid=...}) and user information.
 */
public final class ClientSpanAttributes {

	private final SemconvMode semconv;

	public ClientSpanAttributes(SemconvMode semconv) {
		this.semconv = semconv;
	}

	void onStart(Span span, ClientRequest request, String method, @Nullable String requestId) {
		URI uri = request.url();
		String url = urlWithoutQuery(uri);
		if (this.semconv.cello()) {
			span.setAttribute(HTTP_METHOD, method);
			span.setAttribute(HTTP_URL, url);
			span.setAttribute(NET_PEER_NAME, uri.getHost());
		}
		if (this.semconv.stable()) {
			span.setAttribute(HTTP_REQUEST_METHOD, method);
			if (method == HttpMethods.OTHER) {
				span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, request.method().name());
			}
			span.setAttribute(URL_FULL, url);
			span.setAttribute(SERVER_ADDRESS, uri.getHost());
			if (uri.getPort() > 0) {
				span.setAttribute(SERVER_PORT, uri.getPort());
			}
		}
		if (requestId != null) {
			span.setAttribute(REQUEST_ID, requestId);
		}
	}

	void onEnd(Span span, @Nullable ClientResponse response, @Nullable Throwable error) {
		if (response != null) {
			int status = response.statusCode().value();
			if (this.semconv.cello()) {
				span.setAttribute(HTTP_STATUS_CODE, status);
			}
			if (this.semconv.stable()) {
				span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status);
			}
			if (status >= 500) {
				span.setStatus(StatusCode.ERROR);
				if (this.semconv.stable()) {
					span.setAttribute(ERROR_TYPE, Integer.toString(status));
				}
			}
		}
		if (error != null) {
			span.setStatus(StatusCode.ERROR);
			span.recordException(error);
			if (this.semconv.stable()) {
				span.setAttribute(ERROR_TYPE, error.getClass().getName());
			}
		}
	}

	private static String urlWithoutQuery(URI uri) {
		StringBuilder url = new StringBuilder(64).append(uri.getScheme()).append("://").append(uri.getHost());
		if (uri.getPort() > 0) {
			url.append(':').append(uri.getPort());
		}
		String path = uri.getRawPath();
		return url.append((path != null && !path.isEmpty()) ? PathParameters.strip(path) : "/").toString();
	}

}
