package io.cello.telemetry.internal.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathParametersTests {

	@Test
	void aPathWithoutParametersIsReturnedAsItIs() {
		String path = "/users/42";
		assertThat(PathParameters.strip(path)).isSameAs(path);
		assertThat(PathParameters.strip("/")).isEqualTo("/");
		assertThat(PathParameters.strip("")).isEmpty();
	}

	@Test
	void parametersAreRemovedFromEverySegment() {
		assertThat(PathParameters.strip("/hello;jsessionid=SECRET")).isEqualTo("/hello");
		assertThat(PathParameters.strip("/a;x=1/b;y=2")).isEqualTo("/a/b");
		assertThat(PathParameters.strip("/a;x=1;y=2/b/c;z")).isEqualTo("/a/b/c");
		assertThat(PathParameters.strip("/;x=1/b")).as("a segment of parameters only is left empty").isEqualTo("//b");
		assertThat(PathParameters.strip("/a/;x=1")).isEqualTo("/a/");
		assertThat(PathParameters.strip("/a;")).isEqualTo("/a");
	}

	@Test
	void anEncodedSemicolonIsPartOfTheSegment() {
		String path = "/files/a%3Bb";
		assertThat(PathParameters.strip(path)).isSameAs(path);
		assertThat(PathParameters.strip("/files/a%3Bb;v=1")).isEqualTo("/files/a%3Bb");
	}

	@Test
	void aQueryStringIsLeftAsItIs() {
		assertThat(PathParameters.strip("/users/{id};s={s}?x={x};y")).isEqualTo("/users/{id}?x={x};y");
		assertThat(PathParameters.strip("/users/{id};s?next=/a;b")).isEqualTo("/users/{id}?next=/a;b");
		String path = "/users/{id}?x=1;y=2";
		assertThat(PathParameters.strip(path)).isSameAs(path);
	}

}
