package io.cello.telemetry.internal.metrics;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code method}, {@code outcome}, {@code exception} and {@code error} tags of the
 * HTTP request timers, as Spring's own observations tag them.
 */
class HttpMetricTagsTests {

	@Test
	void standardMethodsAreTaggedByName() {
		for (HttpMethod method : HttpMethod.values()) {
			assertThat(HttpMetricTags.method(method)).isEqualTo(method.name());
		}
	}

	@Test
	void otherMethodsAreUnknown() {
		assertThat(HttpMetricTags.method(HttpMethod.valueOf("PURGE"))).isEqualTo("UNKNOWN");
	}

	@ParameterizedTest
	@CsvSource({ "100, INFORMATIONAL", "199, INFORMATIONAL", "200, SUCCESS", "204, SUCCESS", "299, SUCCESS",
			"301, REDIRECTION", "399, REDIRECTION", "400, CLIENT_ERROR", "404, CLIENT_ERROR", "499, CLIENT_ERROR",
			"500, SERVER_ERROR", "503, SERVER_ERROR", "599, SERVER_ERROR", "-1, UNKNOWN", "0, UNKNOWN", "99, UNKNOWN",
			"600, UNKNOWN" })
	void outcomeFollowsTheStatusClass(int status, String outcome) {
		assertThat(HttpMetricTags.outcome(status)).isEqualTo(outcome);
	}

	@Test
	void exceptionIsTheErrorsSimpleClassNameOrNone() {
		assertThat(HttpMetricTags.exception(null)).isEqualTo("none");
		assertThat(HttpMetricTags.exception(new IllegalStateException("payment declined")))
			.isEqualTo("IllegalStateException");
		assertThat(HttpMetricTags.exception(new UncheckedIOException(new java.io.IOException())))
			.isEqualTo("UncheckedIOException");
	}

	@Test
	void anAnonymousErrorIsTaggedWithItsClassName() {
		RuntimeException anonymous = new RuntimeException() {
		};

		assertThat(HttpMetricTags.exception(anonymous)).isEqualTo(anonymous.getClass().getName());
	}

}
