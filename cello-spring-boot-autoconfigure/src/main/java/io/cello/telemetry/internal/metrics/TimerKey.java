package io.cello.telemetry.internal.metrics;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The tag values that pick a request timer. Looked up once per request: the hash is
 * computed once, and equality compares the fields directly (a record's generated
 * {@code equals} and {@code hashCode} showed up in request profiles).
 */
final class TimerKey {

	final String method;

	final String uri;

	/** The client's host, or {@code null} for server timers, which have no such tag. */
	final @Nullable String clientName;

	final int status;

	final String exception;

	private final int hash;

	TimerKey(String method, String uri, @Nullable String clientName, int status, String exception) {
		this.method = method;
		this.uri = uri;
		this.clientName = clientName;
		this.status = status;
		this.exception = exception;
		this.hash = ((31 * (31 * (31 * method.hashCode() + uri.hashCode()) + Objects.hashCode(clientName)) + status)
				* 31) + exception.hashCode();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof TimerKey key && this.hash == key.hash && this.status == key.status
				&& this.method.equals(key.method) && this.uri.equals(key.uri)
				&& Objects.equals(this.clientName, key.clientName) && this.exception.equals(key.exception));
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

}
