package io.cello.telemetry.internal.http;

/**
 * Removes the parameters of path segments ({@code ;jsessionid=...}, matrix variables)
 * from a path before it is recorded: they are where servlet-era session IDs and other
 * secrets travel. An encoded {@code %3B} is part of a segment's value, not a separator,
 * and is kept.
 */
public final class PathParameters {

	private PathParameters() {
	}

	/**
	 * The path with every segment's {@code ;} parameters removed: {@code /a;x=1/b;y=2}
	 * becomes {@code /a/b}. A query string ({@code ?...}) after the path is left as it is.
	 * @param path a raw path, possibly followed by a query string
	 * @return the same instance when the path has no parameters
	 */
	public static String strip(String path) {
		int semicolon = path.indexOf(';');
		if (semicolon < 0) {
			return path;
		}
		int query = path.indexOf('?');
		int end = (query >= 0) ? query : path.length();
		if (semicolon > end) {
			return path;
		}
		StringBuilder stripped = new StringBuilder(path.length());
		int start = 0;
		while (semicolon >= 0 && semicolon < end) {
			stripped.append(path, start, semicolon);
			start = path.indexOf('/', semicolon);
			if (start < 0 || start > end) {
				start = end;
				break;
			}
			semicolon = path.indexOf(';', start);
		}
		return stripped.append(path, start, path.length()).toString();
	}

}
