package io.cello.telemetry.internal.http;

import org.springframework.http.HttpMethod;

/**
 * Bounds the cardinality of method names in span names and attributes: the standard
 * methods are kept, anything else becomes {@code _OTHER}, as OpenTelemetry's HTTP
 * conventions require.
 */
public final class HttpMethods {

	public static final String OTHER = "_OTHER";

	private static final HttpMethod[] STANDARD = HttpMethod.values();

	private HttpMethods() {
	}

	/** The method's name if it is a standard one, else {@link #OTHER}. */
	public static String known(HttpMethod method) {
		// HttpMethod.valueOf returns the shared constants for standard methods.
		for (HttpMethod standard : STANDARD) {
			if (standard == method) {
				return standard.name();
			}
		}
		return OTHER;
	}

}
