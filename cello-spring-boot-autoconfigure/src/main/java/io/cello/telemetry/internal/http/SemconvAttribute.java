package io.cello.telemetry.internal.http;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One attribute under its two names: Cello's (the tracing guides' names) and
 * OpenTelemetry's current one; {@link #set} writes the names a {@link SemconvMode} asks for.
 * Either name may be absent when only one convention has the attribute.
 *
 * @param <T> the value's type
 * @param cello the name under {@code semconv: cello}
 * @param stable the name under {@code semconv: stable}
 */
public record SemconvAttribute<T>(@Nullable AttributeKey<T> cello, @Nullable AttributeKey<T> stable) {

	public static SemconvAttribute<String> string(@Nullable String cello, @Nullable String stable) {
		return new SemconvAttribute<>((cello != null) ? AttributeKey.stringKey(cello) : null,
				(stable != null) ? AttributeKey.stringKey(stable) : null);
	}

	public static SemconvAttribute<Long> number(@Nullable String cello, @Nullable String stable) {
		return new SemconvAttribute<>((cello != null) ? AttributeKey.longKey(cello) : null,
				(stable != null) ? AttributeKey.longKey(stable) : null);
	}

	/** The same name under both conventions. */
	public static SemconvAttribute<String> string(String name) {
		return string(name, name);
	}

	/** Sets the attribute under the names {@code mode} asks for, unless {@code value} is {@code null}. */
	public void set(SpanBuilder span, SemconvMode mode, @Nullable T value) {
		if (value == null) {
			return;
		}
		boolean celloWritten = this.cello != null && mode.cello();
		if (celloWritten) {
			span.setAttribute(this.cello, value);
		}
		if (this.stable != null && mode.stable() && !(celloWritten && this.stable.equals(this.cello))) {
			span.setAttribute(this.stable, value);
		}
	}

}
