package io.cello.telemetry.requestid;

import io.opentelemetry.context.Context;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What makes a request ID acceptable, and the IDs made in place of the others.
 */
class RequestIdsTests {

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

	@ParameterizedTest
	@ValueSource(strings = { "a", "req-42", "A.b_c:d-E", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			+ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })
	void oneTo128OfLettersDigitsAndDotUnderscoreColonHyphenAreValid(String requestId) {
		assertThat(RequestIds.isValid(requestId)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "<script>alert(1)</script>", "has space", "semi;colon", "quote\"d", "ünïcode",
			"abc%0D%0AInjected:%201", "a,b", "a\rb", "a\u0000b", "\u00ff\u00fe" })
	void anyOtherCharacterIsInvalid(String requestId) {
		assertThat(RequestIds.isValid(requestId)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 129, 4000 })
	void theWrongLengthIsInvalid(int length) {
		assertThat(RequestIds.isValid("a".repeat(length))).isFalse();
	}

	@Test
	void nullIsInvalid() {
		assertThat(RequestIds.isValid(null)).isFalse();
	}

	@Test
	void generatedIdsAreRandomUuidsAndValid() {
		String first = RequestIds.generate();
		String second = RequestIds.generate();

		assertThat(first).matches(UUID_PATTERN).isNotEqualTo(second);
		assertThat(second).matches(UUID_PATTERN);
		assertThat(RequestIds.isValid(first)).isTrue();
	}

	@Test
	void theIdTravelsInTheContext() {
		assertThat(RequestIds.from(Context.root())).isNull();
		assertThat(RequestIds.from(Context.root().with(RequestIds.CONTEXT_KEY, "req-1"))).isEqualTo("req-1");
	}

}
