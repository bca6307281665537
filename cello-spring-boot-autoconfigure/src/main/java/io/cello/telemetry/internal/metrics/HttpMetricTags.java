package io.cello.telemetry.internal.metrics;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Tag values computed as Spring's default HTTP observation conventions and Micrometer's
 * meter handler compute them, so that the metrics look the same whoever records them.
 */
final class HttpMetricTags {

	static final String NONE = "none";

	static final String UNKNOWN = "UNKNOWN";

	private static final HttpMethod[] STANDARD_METHODS = HttpMethod.values();

	private HttpMetricTags() {
	}

	/** The method's name if it is a standard one, else {@code UNKNOWN}. */
	static String method(HttpMethod method) {
		for (HttpMethod standard : STANDARD_METHODS) {
			if (standard == method) {
				return standard.name();
			}
		}
		return UNKNOWN;
	}

	/** The {@code outcome} of a status code, or {@code UNKNOWN} for none ({@code status < 0}). */
	static String outcome(int status) {
		if (status >= 100 && status < 200) {
			return "INFORMATIONAL";
		}
		if (status >= 200 && status < 300) {
			return "SUCCESS";
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		if (status >= 400 && status < 500) {
			return "CLIENT_ERROR";
		}
		if (status >= 500 && status < 600) {
			return "SERVER_ERROR";
		}
		return UNKNOWN;
	}

	/** The {@code exception} and {@code error} tags: the error's simple class name, or {@code none}. */
	static String exception(@Nullable Throwable error) {
		if (error == null) {
			return NONE;
		}
		String simpleName = error.getClass().getSimpleName();
		return simpleName.isEmpty() ? error.getClass().getName() : simpleName;
	}

}
