package io.cello.telemetry.internal.server;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Request paths that get no server span, parsed once at startup.
 */
public final class ExcludedPaths {

	private final PathPattern[] patterns;

	public ExcludedPaths(List<String> patterns) {
		this.patterns = patterns.stream().map(PathPatternParser.defaultInstance::parse).toArray(PathPattern[]::new);
	}

	public boolean matches(PathContainer path) {
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

}
