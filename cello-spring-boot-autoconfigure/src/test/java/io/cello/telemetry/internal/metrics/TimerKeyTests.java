package io.cello.telemetry.internal.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Timer keys are equal exactly when every tag value is. */
class TimerKeyTests {

	private final TimerKey key = new TimerKey("GET", "/users/{id}", "api", 200, "none");

	@Test
	void keysWithEqualTagValuesAreEqual() {
		TimerKey same = new TimerKey(new String("GET"), new String("/users/{id}"), new String("api"), 200,
				new String("none"));
		assertThat(same).isEqualTo(this.key).hasSameHashCodeAs(this.key);
		assertThat(new TimerKey("GET", "/", null, 200, "none")).isEqualTo(new TimerKey("GET", "/", null, 200, "none"));
	}

	@Test
	void keysThatDifferInAnyTagValueAreNotEqual() {
		assertThat(new TimerKey("POST", "/users/{id}", "api", 200, "none")).isNotEqualTo(this.key);
		assertThat(new TimerKey("GET", "/orders/{id}", "api", 200, "none")).isNotEqualTo(this.key);
		assertThat(new TimerKey("GET", "/users/{id}", "db", 200, "none")).isNotEqualTo(this.key);
		assertThat(new TimerKey("GET", "/users/{id}", null, 200, "none")).isNotEqualTo(this.key);
		assertThat(new TimerKey("GET", "/users/{id}", "api", 500, "none")).isNotEqualTo(this.key);
		assertThat(new TimerKey("GET", "/users/{id}", "api", 200, "IOException")).isNotEqualTo(this.key);
		assertThat(this.key).isNotEqualTo(null).isNotEqualTo("GET");
	}

}
