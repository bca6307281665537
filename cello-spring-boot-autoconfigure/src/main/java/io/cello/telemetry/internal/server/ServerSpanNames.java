package io.cello.telemetry.internal.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.util.pattern.PathPattern;

/**
 * Span names {@code {METHOD} {route template}}, built once per route and method. The
 * number of routes is fixed by the application, so the cache is bounded.
 */
final class ServerSpanNames {

	private final Map<PathPattern, Map<String, String>> names = new ConcurrentHashMap<>();

	String name(String method, PathPattern route) {
		Map<String, String> byMethod = this.names.get(route);
		if (byMethod == null) {
			byMethod = this.names.computeIfAbsent(route, (key) -> new ConcurrentHashMap<>(4));
		}
		String name = byMethod.get(method);
		if (name == null) {
			name = byMethod.computeIfAbsent(method, (key) -> key + " " + route.getPatternString());
		}
		return name;
	}

}
