package io.cello.telemetry.autoconfigure;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Has {@link CelloTelemetryEnvironmentPostProcessor} map the given {@code OTEL_*}
 * variables as if the process had been started with them, for an application started
 * with {@code SpringApplicationBuilder.listeners(...)}.
 */
public final class SimulatedEnvironmentVariables implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private final Map<String, String> variables;

	public SimulatedEnvironmentVariables(Map<String, String> variables) {
		this.variables = Map.copyOf(variables);
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		new CelloTelemetryEnvironmentPostProcessor(Supplier::get, this.variables::get)
			.postProcessEnvironment(event.getEnvironment(), event.getSpringApplication());
	}

}
