package io.cello.telemetry.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

	/** The port of Actuator's own server, when {@code management.server.port} gives it one. */
	public static int managementPort(ApplicationContext application) {
		return application.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	public static String baseUrl(ApplicationContext application) {
		return "http://127.0.0.1:" + port(application);
	}

	public static WebTestClient client(ApplicationContext application) {
		return client(port(application));
	}

	public static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.responseTimeout(Duration.ofSeconds(10))
			.baseUrl("http://127.0.0.1:" + port)
			.build();
	}

	/** A port of 127.0.0.1 that nothing listens on: free a moment ago, and closed again. */
	public static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
