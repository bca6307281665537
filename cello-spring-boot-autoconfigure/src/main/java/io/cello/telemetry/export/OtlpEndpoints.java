package io.cello.telemetry.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Endpoint rules shared by the OTLP and Zipkin exporters.
 */
public final class OtlpEndpoints {

	static final String TRACES_PATH = "/v1/traces";

	private OtlpEndpoints() {
	}

	/**
	 * Why {@code url} cannot be used as an export endpoint, or {@code null} when it can.
	 */
	public static String problemWith(String url) {
		if (url == null || url.isBlank()) {
			return "must not be empty";
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL (" + ex.getReason() + ")";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			return "must start with http:// or https://";
		}
		if (uri.getHost() == null) {
			return "has no host";
		}
		return null;
	}

	/**
	 * The endpoint to send OTLP traces to. Without a configured endpoint, the collector
	 * on localhost at the protocol's standard port. Over HTTP, an endpoint without a path
	 * gets {@code /v1/traces}, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} does; over gRPC the
	 * path is not used.
	 */
	public static URI tracesEndpoint(String configured, OtlpProtocol protocol) {
		if (configured == null || configured.isBlank()) {
			return (protocol == OtlpProtocol.GRPC) ? URI.create("http://localhost:4317")
					: URI.create("http://localhost:4318" + TRACES_PATH);
		}
		URI uri = URI.create(configured.strip());
		String path = uri.getRawPath();
		boolean hasPath = path != null && !path.isEmpty() && !path.equals("/");
		if (protocol == OtlpProtocol.GRPC) {
			return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
		}
		return hasPath ? uri : URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + TRACES_PATH);
	}

}
