package io.cello.telemetry.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link UnsupportedEnvironmentVariableException} as a startup failure that
 * names the variable, its value and the supported values.
 */
public final class UnsupportedEnvironmentVariableFailureAnalyzer
		extends AbstractFailureAnalyzer<UnsupportedEnvironmentVariableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedEnvironmentVariableException cause) {
		return new FailureAnalysis("Environment variable " + cause.getVariable() + " is '" + cause.getValue()
				+ "', which Cello does not support.", cause.getAction(), cause);
	}

}
