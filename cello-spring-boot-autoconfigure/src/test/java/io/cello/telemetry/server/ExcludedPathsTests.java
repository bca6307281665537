package io.cello.telemetry.server;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matching request paths against {@code cello.telemetry.exclude-paths}.
 */
class ExcludedPathsTests {

	@Test
	void patternsMatchWhatTheyCoverOnly() {
		ExcludedPaths excluded = new ExcludedPaths(List.of("/users/**"));

		assertThat(matches(excluded, "/users/1")).isTrue();
		assertThat(matches(excluded, "/users")).isTrue();
		assertThat(matches(excluded, "/fn/items/1")).isFalse();
		assertThat(matches(excluded, "/manage/health")).isFalse();
	}

	@Test
	void anyOfSeveralPatternsExcludes() {
		ExcludedPaths excluded = new ExcludedPaths(List.of("/manage/**", "/mdc/0"));

		assertThat(matches(excluded, "/manage/health")).isTrue();
		assertThat(matches(excluded, "/mdc/0")).isTrue();
		assertThat(matches(excluded, "/mdc/1")).isFalse();
		assertThat(matches(excluded, "/actuator/health")).isFalse();
	}

	@Test
	void noPatternsExcludeNothing() {
		assertThat(matches(new ExcludedPaths(List.of()), "/actuator/health")).isFalse();
	}

	private static boolean matches(ExcludedPaths excluded, String path) {
		return excluded.matches(PathContainer.parsePath(path));
	}

}
