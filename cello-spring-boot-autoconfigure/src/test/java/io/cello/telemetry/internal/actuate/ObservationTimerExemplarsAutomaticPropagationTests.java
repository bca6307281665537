package io.cello.telemetry.internal.actuate;

import org.junit.jupiter.api.AfterAll;
import reactor.core.publisher.Hooks;

import org.springframework.test.context.TestPropertySource;

/**
 * The same with Reactor's automatic context propagation on, which restores thread locals
 * from each operator's Reactor context as the response's completion travels downstream.
 */
@TestPropertySource(properties = "spring.reactor.context-propagation=auto")
class ObservationTimerExemplarsAutomaticPropagationTests extends ObservationTimerExemplarsTests {

	/** The hook is process-wide; the tests that run next in this JVM expect it off. */
	@AfterAll
	static void turnAutomaticPropagationOff() {
		Hooks.disableAutomaticContextPropagation();
	}

}
