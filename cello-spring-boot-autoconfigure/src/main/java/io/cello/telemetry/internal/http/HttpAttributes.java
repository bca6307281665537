package io.cello.telemetry.internal.http;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys of HTTP spans: Cello's names, as on Cello's own telemetry pages, and
 * OpenTelemetry's stable HTTP semantic conventions. {@link SemconvMode} chooses which
 * are written.
 */
public final class HttpAttributes {

	// Cello's names.

	public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");

	public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

	public static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

	public static final AttributeKey<Long> HTTP_STATUS_CODE = AttributeKey.longKey("http.status_code");

	public static final AttributeKey<Long> HTTP_REQUEST_CONTENT_LENGTH = AttributeKey
		.longKey("http.request_content_length");

	public static final AttributeKey<Long> HTTP_RESPONSE_CONTENT_LENGTH = AttributeKey
		.longKey("http.response_content_length");

	public static final AttributeKey<Double> HTTP_REQUEST_DURATION_MS = AttributeKey
		.doubleKey("http.request.duration_ms");

	public static final AttributeKey<String> NET_HOST_NAME = AttributeKey.stringKey("net.host.name");

	public static final AttributeKey<String> NET_PEER_NAME = AttributeKey.stringKey("net.peer.name");

	public static final AttributeKey<String> HTTP_USER_AGENT = AttributeKey.stringKey("http.user_agent");

	public static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");

	// OpenTelemetry's stable HTTP semantic conventions.

	public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");

	public static final AttributeKey<String> HTTP_REQUEST_METHOD_ORIGINAL = AttributeKey
		.stringKey("http.request.method_original");

	public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey
		.longKey("http.response.status_code");

	public static final AttributeKey<Long> HTTP_REQUEST_BODY_SIZE = AttributeKey.longKey("http.request.body.size");

	public static final AttributeKey<Long> HTTP_RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");

	public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

	public static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");

	public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

	public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

	public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

	public static final AttributeKey<String> USER_AGENT_ORIGINAL = AttributeKey.stringKey("user_agent.original");

	public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private HttpAttributes() {
	}

}
