package io.cello.telemetry.internal.propagation;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of W3C Trace Context for {@code tracestate}, on the lines of the header as
 * they arrive; an empty expectation is a list that is discarded.
 */
class W3CTraceStateParserTests {

	private static final String ALL_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";

	private static final String ALL_VALUE_CHARS = IntStream.rangeClosed(0x20, 0x7e)
		.filter((c) -> c != ',' && c != '=')
		.mapToObj(Character::toString)
		.collect(Collectors.joining());

	static Stream<Arguments> tracestateCases() {
		String members32 = IntStream.rangeClosed(1, 32)
			.mapToObj((i) -> "bar%02d=%02d".formatted(i, i))
			.collect(Collectors.joining(","));
		return Stream.of(state("inherited in order", "foo=1,bar=2", "foo=1,bar=2"),
				state("no line is no list", ""), state("an empty line is no list", "", ""),
				state("an empty line adds nothing", "foo=1", "", "foo=1"),
				state("several lines are one list, in order", "foo=1,bar=2,rojo=1,congo=2,baz=3", "foo=1,bar=2",
						"rojo=1,congo=2", "baz=3"),
				state("a duplicate key keeps its first value", "foo=1", "foo=1,foo=2"),
				state("a duplicate key across lines keeps its first value", "foo=1,bar=2", "foo=1", "bar=2,foo=2"),
				state("optional whitespace around members", "foo=1,bar=2,baz=3", "foo=1 \t , \t bar=2,\t \tbaz=3"),
				state("empty members", "foo=1,bar=2", "foo=1,,bar=2,"),
				state("every allowed key and value character", ALL_KEY_CHARS + "=" + ALL_VALUE_CHARS,
						ALL_KEY_CHARS + "=" + ALL_VALUE_CHARS),
				state("every allowed character in a key with '@'", ALL_KEY_CHARS + "@a-z0-9_-*/=" + ALL_VALUE_CHARS,
						ALL_KEY_CHARS + "@a-z0-9_-*/=" + ALL_VALUE_CHARS),
				state("a key may start with a digit", "1vendor=x", "1vendor=x"),
				state("keys may hold '@' anywhere but first", "foo@=1,foo@@bar=2,foo@bar@baz=3,bar=4",
						"foo@=1,foo@@bar=2,foo@bar@baz=3,bar=4"),
				state("a 256-character key", "foo=1," + "z".repeat(256) + "=1", "foo=1", "z".repeat(256) + "=1"),
				state("long tenant and system parts within 256 characters",
						"t".repeat(242) + "@v=1,t@" + "v".repeat(15) + "=2", "t".repeat(242) + "@v=1",
						"t@" + "v".repeat(15) + "=2"),
				state("32 members", members32, members32),
				// A malformed list is discarded as a whole.
				state("33 members", "", members32 + ",bar33=33"),
				state("a 257-character key", "", "foo=1", "z".repeat(257) + "=1"),
				state("a key starting with '@'", "", "@foo=1,bar=2"), state("an upper-case key", "", "FOO=1"),
				state("a space in a key", "", "foo =1"), state("a dot in a key", "", "foo.bar=1"),
				state("'=' in a value", "", "foo=bar=baz"), state("an empty value", "", "foo=,bar=3"),
				state("a value of 257 characters", "", "foo=" + "v".repeat(257)),
				state("a member without '='", "", "foo=1,bar"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tracestateCases")
	void tracestate(String rule, String expected, List<String> lines) {
		TraceState state = W3CTraceStateParser.parse(lines.iterator());

		assertThat(render(state)).isEqualTo(expected);
	}

	private static String render(TraceState state) {
		if (state == null) {
			return "";
		}
		return state.asMap()
			.entrySet()
			.stream()
			.map((member) -> member.getKey() + "=" + member.getValue())
			.collect(Collectors.joining(","));
	}

	private static Arguments state(String rule, String expected, String... lines) {
		return Arguments.of(rule, expected, Arrays.asList(lines));
	}

}
