package io.cello.telemetry.autoconfigure;

/**
 * Thrown while the environment is prepared when a standard {@code OTEL_*} environment
 * variable has a value Cello cannot honour, so that the application stops instead of
 * doing something else than the variable asks.
 */
public class UnsupportedEnvironmentVariableException extends IllegalStateException {

	private final String variable;

	private final String value;

	private final String action;

	UnsupportedEnvironmentVariableException(String variable, String value, String action) {
		super("Environment variable " + variable + " is '" + value + "', which Cello does not support. " + action);
		this.variable = variable;
		this.value = value;
		this.action = action;
	}

	/** The name of the environment variable. */
	public String getVariable() {
		return this.variable;
	}

	/** Its value, as set. */
	public String getValue() {
		return this.value;
	}

	/** What the user can do instead, naming the supported values. */
	public String getAction() {
		return this.action;
	}

}
