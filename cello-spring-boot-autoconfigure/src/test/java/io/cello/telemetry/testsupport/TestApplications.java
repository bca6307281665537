package io.cello.telemetry.testsupport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one way tests start an application: on a free port of 127.0.0.1, with the given
 * properties. A test closes the application it {@link #start started}; a
 * {@link #shared shared} one serves the tests that ask in turn for the same application
 * with the same properties.
 * <p>
 * Applications share Reactor Netty's event loops, which an application takes down when
 * it closes. So a shared application is closed as soon as another one is started or
 * asked for, rather than left running beside applications that come and go.
 */
public final class TestApplications {

	private static final Map<List<String>, ConfigurableApplicationContext> shared = new ConcurrentHashMap<>();

	private TestApplications() {
	}

	/** The application, ready to be customized further and run. */
	public static SpringApplicationBuilder builder(Class<?> application, String... properties) {
		closeSharedExcept(null);
		return new SpringApplicationBuilder(application).properties("server.port=0", "server.address=127.0.0.1")
			.properties(properties);
	}

	/** Starts the application; the caller closes it. */
	public static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return builder(application, properties).run();
	}

	/** The running application with these properties, started unless it still runs. */
	public static synchronized ConfigurableApplicationContext shared(Class<?> application, String... properties) {
		List<String> key = new ArrayList<>();
		key.add(application.getName());
		key.addAll(List.of(properties));
		ConfigurableApplicationContext app = shared.get(key);
		if (app != null && app.isActive()) {
			closeSharedExcept(app);
			return app;
		}
		app = start(application, properties);
		shared.put(key, app);
		return app;
	}

	/** Closes the shared applications, for a test class whose applications need what it stops next. */
	public static synchronized void closeShared() {
		closeSharedExcept(null);
	}

	private static void closeSharedExcept(ConfigurableApplicationContext inUse) {
		for (Iterator<ConfigurableApplicationContext> apps = shared.values().iterator(); apps.hasNext();) {
			ConfigurableApplicationContext app = apps.next();
			if (app != inUse) {
				app.close();
				apps.remove();
			}
		}
	}

}
