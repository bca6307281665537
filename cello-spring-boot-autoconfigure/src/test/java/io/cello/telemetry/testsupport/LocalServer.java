package io.cello.telemetry.testsupport;

import java.time.Duration;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reaching an application that a test started on a free port of 127.0.0.1.
 */
public final class LocalServer {

	private LocalServer() {
	}

	public static int port(ApplicationContext application) {
		return ((WebServerApplicationContext) application).getWebServer().getPort();
	}

	public static String baseUrl(ApplicationContext application) {
		return "http://127.0.0.1:" + port(application);
	}

	public static WebTestClient client(ApplicationContext application) {
		return WebTestClient.bindToServer()
			.responseTimeout(Duration.ofSeconds(10))
			.baseUrl(baseUrl(application))
			.build();
	}

}
