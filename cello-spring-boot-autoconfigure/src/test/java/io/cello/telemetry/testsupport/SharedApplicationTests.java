package io.cello.telemetry.testsupport;

import io.cello.telemetry.internal.server.TracedTestApplication;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Tests against a running {@link TracedTestApplication}, shared with every test class that
 * gives it the same {@link #properties() properties}: its port, the spans it records
 * (none when each test starts) and a client bound to it.
 */
public abstract class SharedApplicationTests {

	protected ConfigurableApplicationContext context;

	protected int port;

	protected RecordedSpans spans;

	protected WebTestClient client;

	/** Properties beside (and over) the application's defaults. */
	protected String[] properties() {
		return new String[0];
	}

	@BeforeEach
	void useSharedApplication() {
		this.context = TestApplications.shared(TracedTestApplication.class,
				TracedTestApplication.properties(properties()));
		this.port = LocalServer.port(this.context);
		this.spans = this.context.getBean(RecordedSpans.class);
		this.spans.reset();
		this.client = LocalServer.client(this.context);
	}

}
