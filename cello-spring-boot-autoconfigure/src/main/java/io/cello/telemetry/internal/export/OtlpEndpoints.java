package io.cello.telemetry.internal.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;

/**
 * Endpoint rules shared by the OTLP and Zipkin exporters, as the OpenTelemetry
 * specification states them for {@code OTEL_EXPORTER_OTLP_ENDPOINT} and
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}.
 */
public final class OtlpEndpoints {

	static final String TRACES_PATH = "/v1/traces";

	/** What {@link #problemWith(String)} accepts, for messages. */
	public static final String ALLOWED = "an http:// or https:// URL with a host and an optional port, "
			+ "such as http://collector:4317";

	private OtlpEndpoints() {
	}

	/**
	 * Why {@code url} cannot be used as an export endpoint, or {@code null} when it can.
	 */
	public static @Nullable String problemWith(@Nullable String url) {
		if (url == null || url.isBlank()) {
			return "must not be empty";
		}
		String text = url.strip();
		for (int i = 0; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
				return "must not contain spaces";
			}
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL (" + ex.getReason() + ")";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			return "must start with http:// or https://";
		}
		String authority = uri.getRawAuthority();
		if (authority == null || authority.isEmpty()) {
			return "has no host";
		}
		if (uri.getHost() == null) {
			// The URI parsed the authority as a registry name: the port is not a number.
			return (authority.lastIndexOf(':') > authority.lastIndexOf(']')) ? "has an invalid port"
					: "has an invalid host";
		}
		if (uri.getUserInfo() != null) {
			return "must not contain user information (use cello.telemetry.headers for credentials)";
		}
		if (uri.getPort() > 65535 || authority.endsWith(":")) {
			return "has an invalid port";
		}
		return null;
	}

	/**
	 * The endpoint to send OTLP traces to, from a valid {@code tracesEndpoint} (a full URL,
	 * used as given) or else a valid base {@code endpoint}; without either, the collector
	 * on localhost at the protocol's standard port.
	 * <p>
	 * Over HTTP, the base endpoint gets {@code v1/traces} appended to its path (which keeps
	 * any prefix: {@code http://gw:4318/otlp} becomes
	 * {@code http://gw:4318/otlp/v1/traces}), unless its path already ends in
	 * {@code /v1/traces}; a traces endpoint without a path is sent to the root path
	 * {@code /}. Over gRPC only the scheme, host and port are used: the path of a gRPC call
	 * is the service method, as in the OpenTelemetry SDK's gRPC exporter.
	 */
	public static URI tracesEndpoint(@Nullable String endpoint, @Nullable String tracesEndpoint,
			OtlpProtocol protocol) {
		boolean asGiven = hasText(tracesEndpoint);
		String configured = asGiven ? tracesEndpoint : endpoint;
		if (!hasText(configured)) {
			return (protocol == OtlpProtocol.GRPC) ? URI.create("http://localhost:4317")
					: URI.create("http://localhost:4318" + TRACES_PATH);
		}
		URI uri = URI.create(configured.strip());
		String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
		if (protocol == OtlpProtocol.GRPC) {
			return URI.create(origin);
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		if (asGiven) {
			return path.isEmpty() ? URI.create(origin + "/" + suffix(uri)) : uri;
		}
		if (path.endsWith(TRACES_PATH)) {
			return uri;
		}
		String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		return URI.create(origin + base + TRACES_PATH + suffix(uri));
	}

	private static String suffix(URI uri) {
		return (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
	}

	@Contract("null -> false")
	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
