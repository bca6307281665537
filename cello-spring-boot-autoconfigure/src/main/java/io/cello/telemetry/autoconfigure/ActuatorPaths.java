package io.cello.telemetry.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Where Actuator serves its endpoints on the application's port, for the default of
 * {@code cello.telemetry.exclude-paths}.
 */
final class ActuatorPaths {

	private static final String ACTUATOR_AUTOCONFIGURE = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType";

	private static final String BASE_PATH = "management.endpoints.web.base-path";

	private ActuatorPaths() {
	}

	/**
	 * {@code {base-path}/**} when Actuator's endpoints share the application's port;
	 * nothing when they are on a port of their own or disabled, or mapped at the root
	 * (where a pattern would exclude every request).
	 */
	static List<String> defaultExcludePaths(Environment environment) {
		if (ClassUtils.isPresent(ACTUATOR_AUTOCONFIGURE, ActuatorPaths.class.getClassLoader())
				&& !ManagementPort.shared(environment)) {
			return new ArrayList<>();
		}
		String basePath = environment.getProperty(BASE_PATH, "/actuator").strip();
		while (basePath.endsWith("/")) {
			basePath = basePath.substring(0, basePath.length() - 1);
		}
		if (basePath.isEmpty()) {
			return new ArrayList<>();
		}
		return new ArrayList<>(List.of((basePath.startsWith("/") ? "" : "/") + basePath + "/**"));
	}

	/** Kept apart so that {@link ManagementPortType} is loaded only when it is present. */
	private static final class ManagementPort {

		static boolean shared(Environment environment) {
			return ManagementPortType.get(environment) == ManagementPortType.SAME;
		}

	}

}
