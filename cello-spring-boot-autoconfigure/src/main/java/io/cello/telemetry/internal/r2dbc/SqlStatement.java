package io.cello.telemetry.internal.r2dbc;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A SQL statement as a span shows it: the text with every literal value (strings, numbers,
 * dollar-quoted bodies) replaced by {@code ?} and comments dropped, since literals are where
 * secrets and personal data hide; the operation ({@code SELECT}, ...); and the table it
 * works on, when it names exactly one. Bind markers ({@code ?}, {@code $1}, {@code :id}) and
 * identifiers, quoted ones included, are kept. An {@code IN} list of values becomes
 * {@code IN (?)}, so that the same query with another number of values reads the same.
 *
 * @param text the statement without literal values
 * @param operation the first keyword, upper case, or {@code null} when it is not one of a
 * statement's
 * @param table the table, or {@code null} when there is none or more than one
 */
record SqlStatement(String text, @Nullable String operation, @Nullable String table) {

	private static final Set<String> OPERATIONS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
			"REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE", "CALL", "EXPLAIN", "WITH");

	private static final Pattern IN_LIST = Pattern.compile("(?i)\\bIN\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)+\\s*\\)");

	private static final Pattern TABLE_NAME = Pattern.compile("[\\w.\"`\\[\\]]+");

	private static final Pattern MULTIPLE_TABLES = Pattern.compile("(?i)\\bJOIN\\b|\\bFROM\\s+[^\\s(]+\\s*,");

	/** Statements repeat (the same SQL with other bound values): each is taken apart once. */
	private static final Map<String, SqlStatement> cache = new ConcurrentHashMap<>();

	private static final int CACHE_LIMIT = 1000;

	static SqlStatement of(String sql) {
		SqlStatement statement = cache.get(sql);
		if (statement == null) {
			statement = parse(sql);
			if (cache.size() < CACHE_LIMIT) {
				cache.put(sql, statement);
			}
		}
		return statement;
	}

	private static SqlStatement parse(String sql) {
		String text = IN_LIST.matcher(withoutLiterals(sql)).replaceAll("IN (?)");
		String[] words = text.replace('(', ' ').trim().split("\\s+", 8);
		String first = (words.length > 0) ? words[0].toUpperCase(Locale.ROOT) : "";
		String operation = OPERATIONS.contains(first) ? first : null;
		String table = (operation != null) ? table(operation, text) : null;
		return new SqlStatement(text, operation, table);
	}

	private static @Nullable String table(String operation, String text) {
		String keyword = switch (operation) {
			case "SELECT", "DELETE" -> "FROM";
			case "INSERT", "MERGE", "REPLACE", "UPSERT" -> "INTO";
			case "UPDATE" -> "UPDATE";
			case "CREATE", "DROP", "ALTER", "TRUNCATE" -> "TABLE";
			default -> null;
		};
		if (keyword == null || MULTIPLE_TABLES.matcher(text).find()) {
			return null;
		}
		Matcher first = Pattern.compile("(?i)\\b" + keyword + "\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?").matcher(text);
		if (!first.find()) {
			return null;
		}
		Matcher name = TABLE_NAME.matcher(text).region(first.end(), text.length());
		return name.lookingAt() ? name.group() : null;
	}

	/** The statement with string, number and dollar-quoted literals replaced by {@code ?}, comments dropped. */
	static String withoutLiterals(String sql) {
		StringBuilder out = new StringBuilder(sql.length());
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (c == '\'') {
				i = skipQuoted(sql, i, '\'');
				dropLiteralPrefix(out);
				out.append('?');
			}
			else if (c == '"' || c == '`') {
				int end = skipQuoted(sql, i, c);
				out.append(sql, i, end);
				i = end;
			}
			else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
				out.append(' ');
			}
			else if (c == '$') {
				i = dollar(sql, i, out);
			}
			else if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)))) {
				if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
					out.append(c);
					i++;
				}
				else {
					i = skipNumber(sql, i);
					out.append('?');
				}
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	/** Where a quoted run that starts at {@code start} ends; a doubled or backslashed quote stays inside. */
	private static int skipQuoted(String sql, int start, char quote) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '\\' && quote == '\'') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return sql.length();
	}

	/** {@code N'..'}, {@code E'..'}, {@code X'..'}, {@code B'..'}: the prefix is part of the literal. */
	private static void dropLiteralPrefix(StringBuilder out) {
		int last = out.length() - 1;
		if (last >= 0 && "NnEeXxBbUu".indexOf(out.charAt(last)) >= 0
				&& (last == 0 || !isIdentifierPart(out.charAt(last - 1)))) {
			out.setLength(last);
		}
	}

	/** A bind marker ({@code $1}) is kept; a dollar-quoted body ({@code $$..$$}, {@code $tag$..$tag$}) becomes {@code ?}. */
	private static int dollar(String sql, int start, StringBuilder out) {
		int i = start + 1;
		while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
			i++;
		}
		boolean marker = i > start + 1 && sql.substring(start + 1, i).chars().allMatch(Character::isDigit);
		if (marker || i >= sql.length() || sql.charAt(i) != '$') {
			out.append(sql, start, i);
			return i;
		}
		String tag = sql.substring(start, i + 1);
		int end = sql.indexOf(tag, i + 1);
		out.append('?');
		return (end < 0) ? sql.length() : end + tag.length();
	}

	private static int skipNumber(String sql, int start) {
		int i = start;
		if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
			i += 2;
			while (i < sql.length() && Character.digit(sql.charAt(i), 16) >= 0) {
				i++;
			}
			return i;
		}
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (isDigit(c) || c == '.') {
				i++;
			}
			else if ((c == 'e' || c == 'E') && i + 1 < sql.length()
					&& (isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+')) {
				i += 2;
			}
			else {
				return i;
			}
		}
		return i;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '#' || c == ':';
	}

}
