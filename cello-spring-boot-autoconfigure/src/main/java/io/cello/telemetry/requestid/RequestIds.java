package io.cello.telemetry.requestid;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;

/**
 * What makes a request ID acceptable, and how a new one is made.
 */
public final class RequestIds {

	/** Exchange attribute holding the request's ID. */
	public static final String EXCHANGE_ATTRIBUTE = "io.cello.telemetry.request-id";

	/**
	 * Key of the request's ID in its OpenTelemetry context, with which it travels to
	 * WebClient calls and the logging MDC: one context to carry across threads, not two.
	 */
	public static final ContextKey<String> CONTEXT_KEY = ContextKey.named("cello.request-id");

	public static final int MAX_LENGTH = 128;

	private RequestIds() {
	}

	/** The request ID that {@code context} carries, or {@code null}. */
	public static @Nullable String from(Context context) {
		return context.get(CONTEXT_KEY);
	}

	/** Whether {@code value} is 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
	@Contract("null -> false")
	public static boolean isValid(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == ':' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/** A new random ID in UUID form. */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

}
