package io.cello.telemetry.internal.export;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Tells why an export failed in words a person can act on: the collector's HTTP status
 * and the start of its answer ({@code HTTP 503: upstream overloaded}), its gRPC status
 * ({@code UNAVAILABLE: ...}), {@code connection refused (127.0.0.1:4318)},
 * {@code no answer within 10s}, a TLS failure.
 * <p>
 * The OTLP exporters fail an export with the SDK's {@code FailedExportException}, which
 * carries the collector's response; it lives in an internal package of
 * {@code opentelemetry-exporter-common}, so it is only looked at when present, and
 * anything else falls through to the exception's type and message.
 */
public final class ExportFailureCause {

	private static final boolean SDK_FAILURES_PRESENT = ClassUtils.isPresent(
			"io.opentelemetry.exporter.internal.FailedExportException", ExportFailureCause.class.getClassLoader());

	/** How much of a collector's answer is quoted. */
	private static final int ANSWER_LENGTH = 120;

	/** What {@code HttpURLConnection} (the Zipkin sender) says about an error status. */
	private static final Pattern URL_CONNECTION_STATUS = Pattern.compile("HTTP response code: (\\d{3})");

	private final @Nullable String address;

	private final Duration timeout;

	/**
	 * @param endpoint where spans go, or {@code null} when unknown
	 * @param timeout the export timeout, after which an unanswered export is cancelled
	 */
	public ExportFailureCause(@Nullable String endpoint, Duration timeout) {
		this.address = address(endpoint);
		this.timeout = timeout;
	}

	private static @Nullable String address(@Nullable String endpoint) {
		if (endpoint == null) {
			return null;
		}
		try {
			URI uri = URI.create(endpoint.strip());
			if (uri.getHost() == null) {
				return null;
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
			return uri.getHost() + ":" + port;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Why an export failed; {@code error} may be {@code null} when the exporter gave none. */
	public String describe(@Nullable Throwable error) {
		if (error == null) {
			return "the exporter reported a failure";
		}
		if (SDK_FAILURES_PRESENT) {
			String answered = SdkFailures.answer(error);
			if (answered != null) {
				return answered;
			}
		}
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			String described = describeCause(cause);
			if (described != null) {
				return described;
			}
		}
		Throwable root = (SDK_FAILURES_PRESENT && error.getCause() != null && SdkFailures.isWrapper(error))
				? error.getCause() : error;
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	private @Nullable String describeCause(Throwable cause) {
		if (cause instanceof SSLException) {
			return "TLS failure" + at() + ": " + cause.getMessage();
		}
		if (cause instanceof ConnectException) {
			return (refused(cause) ? "connection refused" : "cannot connect: " + cause.getMessage()) + " ("
					+ ((this.address != null) ? this.address : cause.getMessage()) + ")";
		}
		if (cause instanceof UnknownHostException) {
			return "unknown host " + cause.getMessage();
		}
		// TimeoutException: no export in flight was answered in time to make room for this one.
		if ((cause instanceof InterruptedIOException && !(cause.getCause() instanceof ConnectException))
				|| cause instanceof TimeoutException) {
			return "no answer within " + readable(this.timeout) + at();
		}
		if (cause.getMessage() != null) {
			Matcher status = URL_CONNECTION_STATUS.matcher(cause.getMessage());
			if (status.find()) {
				return "HTTP " + status.group(1);
			}
		}
		return null;
	}

	private static boolean refused(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains("refused")) {
				return true;
			}
		}
		return false;
	}

	private String at() {
		return (this.address != null) ? " (" + this.address + ")" : "";
	}

	static String http(HttpResponse response) {
		String answer = quote(response.getResponseBody());
		if (answer.isEmpty()) {
			String message = response.getStatusMessage();
			return "HTTP " + response.getStatusCode() + ((message != null && !message.isBlank()) ? " " + message : "");
		}
		return "HTTP " + response.getStatusCode() + ": " + answer;
	}

	static String grpc(GrpcResponse response) {
		String description = response.getStatusDescription();
		return response.getStatusCode().name()
				+ ((description != null && !description.isBlank()) ? ": " + description.strip() : "");
	}

	/** The start of a collector's answer, printable characters only, on one line. */
	static String quote(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return "";
		}
		String text = new String(body, 0, Math.min(body.length, ANSWER_LENGTH * 4), StandardCharsets.UTF_8);
		StringBuilder printable = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			printable.append((Character.isISOControl(c) || c == '\uFFFD') ? ' ' : c);
		}
		String quoted = printable.toString().replaceAll("\\s+", " ").strip();
		return (quoted.length() > ANSWER_LENGTH) ? quoted.substring(0, ANSWER_LENGTH) + "..." : quoted;
	}

	/** {@code 10s}, {@code 300ms}, {@code 2m 5s}. */
	static String readable(Duration duration) {
		if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			long millis = duration.toMillisPart();
			return (millis != 0) ? seconds + "." + String.format(Locale.ROOT, "%03d", millis).replaceAll("0+$", "") + "s"
					: seconds + "s";
		}
		long hours = duration.toHours();
		String minutesAndSeconds = duration.toMinutesPart() + "m " + duration.toSecondsPart() + "s";
		return (hours > 0) ? hours + "h " + minutesAndSeconds : minutesAndSeconds;
	}

	/** Only loaded when the SDK's exception types are on the classpath. */
	private static final class SdkFailures {

		static @Nullable String answer(Throwable error) {
			if (error instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
				return http(http.getResponse());
			}
			if (error instanceof FailedExportException.GrpcExportException grpc && grpc.failedWithResponse()) {
				return grpc(grpc.getResponse());
			}
			return null;
		}

		static boolean isWrapper(Throwable error) {
			return error instanceof FailedExportException;
		}

	}

}
