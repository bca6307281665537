package io.cello.telemetry.internal.propagation;

import java.util.Iterator;
import java.util.LinkedHashMap;

import io.opentelemetry.api.trace.TraceState;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code tracestate} header lines of a request into one list, following the
 * W3C Trace Context grammar and processing rules: lines join into one list; optional
 * whitespace and empty members are allowed; keys are 1-256 characters of
 * {@code [a-z0-9_*\/@-]} starting with a letter or digit; values are 1-256 printable
 * characters other than {@code ,} and {@code =}, not ending in a space; a duplicate key
 * keeps its first value. A list with a malformed member or more than 32 members is
 * discarded as a whole.
 */
final class W3CTraceStateParser {

	static final int MAX_MEMBERS = 32;

	private static final int MAX_KEY_LENGTH = 256;

	private static final int MAX_VALUE_LENGTH = 256;

	private W3CTraceStateParser() {
	}

	/** The list, or {@code null} when there is none or it must be discarded. */
	static @Nullable TraceState parse(Iterator<String> lines) {
		LinkedHashMap<String, String> members = new LinkedHashMap<>();
		while (lines.hasNext()) {
			String line = lines.next();
			if (line == null) {
				continue;
			}
			int start = 0;
			while (start <= line.length()) {
				int comma = line.indexOf(',', start);
				int end = (comma >= 0) ? comma : line.length();
				if (!addMember(line, start, end, members)) {
					return null;
				}
				start = end + 1;
			}
		}
		return (members.isEmpty() || members.size() > MAX_MEMBERS) ? null : new W3CTraceState(members);
	}

	private static boolean addMember(String line, int start, int end, LinkedHashMap<String, String> members) {
		while (start < end && isOws(line.charAt(start))) {
			start++;
		}
		while (end > start && isOws(line.charAt(end - 1))) {
			end--;
		}
		if (start == end) {
			return true;
		}
		int equals = line.indexOf('=', start);
		if (equals < 0 || equals >= end) {
			return false;
		}
		String key = line.substring(start, equals);
		String value = line.substring(equals + 1, end);
		if (!isValidKey(key) || !isValidValue(value)) {
			return false;
		}
		members.putIfAbsent(key, value);
		return members.size() <= MAX_MEMBERS;
	}

	static boolean isValidKey(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !isLowercaseLetterOrDigit(key.charAt(0))) {
			return false;
		}
		for (int i = 1; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!isLowercaseLetterOrDigit(c) && c != '_' && c != '-' && c != '*' && c != '/' && c != '@') {
				return false;
			}
		}
		return true;
	}

	static boolean isValidValue(String value) {
		if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || value.charAt(value.length() - 1) == ' ') {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowercaseLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}

	private static boolean isOws(char c) {
		return c == ' ' || c == '\t';
	}

}
