package io.cello.telemetry.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A constant that users write as a lower-case word in {@code cello.telemetry.*}, such as
 * {@code gzip} or {@code b3multi}. Matching ignores case and surrounding blanks.
 */
public interface PropertyValue {

	/** The constant's name, as {@link Enum#name()} gives it. */
	String name();

	/**
	 * The word as written in configuration: the constant's name in lower case, without
	 * underscores ({@code B3_MULTI} is {@code b3multi}). A constant whose word does not
	 * follow from its name overrides this.
	 */
	default String value() {
		return name().toLowerCase(Locale.ROOT).replace("_", "");
	}

	/** The constant that {@code text} names, or {@code null} when it names none. */
	static <E extends Enum<E> & PropertyValue> @Nullable E find(Class<E> type, @Nullable String text) {
		if (text == null) {
			return null;
		}
		String wanted = text.strip().toLowerCase(Locale.ROOT);
		for (E constant : type.getEnumConstants()) {
			if (constant.value().equals(wanted)) {
				return constant;
			}
		}
		return null;
	}

	/** The constant that {@code text} names, or an exception listing what is allowed. */
	static <E extends Enum<E> & PropertyValue> E of(Class<E> type, String text) {
		E constant = find(type, text);
		if (constant == null) {
			throw new IllegalArgumentException("'" + text + "' is not one of " + allowedValues(type));
		}
		return constant;
	}

	/** The allowed words, quoted, for messages. */
	static <E extends Enum<E> & PropertyValue> String allowedValues(Class<E> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> "'" + constant.value() + "'")
			.collect(Collectors.joining(", "));
	}

}
