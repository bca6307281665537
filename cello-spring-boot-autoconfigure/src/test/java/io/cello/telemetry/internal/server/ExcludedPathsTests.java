package io.cello.telemetry.internal.server;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matching request paths against {@code cello.telemetry.exclude-paths}.
 */
class ExcludedPathsTests {

	@ParameterizedTest(name = "{0} excludes {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			/users/**          | /users/1          | true
			/users/**          | /users            | true
			/users/**          | /fn/items/1       | false
			/users/**          | /manage/health    | false
			/manage/**,/mdc/0  | /manage/health    | true
			/manage/**,/mdc/0  | /mdc/0            | true
			/manage/**,/mdc/0  | /mdc/1            | false
			/manage/**,/mdc/0  | /actuator/health  | false
			''                 | /actuator/health  | false
			""")
	void anyPatternThatMatchesExcludesThePath(String patterns, String path, boolean excluded) {
		List<String> list = patterns.isEmpty() ? List.of() : Arrays.asList(patterns.split(","));

		assertThat(new ExcludedPaths(list).matches(PathContainer.parsePath(path))).isEqualTo(excluded);
	}

}
