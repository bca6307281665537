package io.cello.telemetry.logging;

import io.cello.telemetry.requestid.RequestIds;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Lets Reactor's context propagation put the request ID into the logging MDC on whichever
 * thread runs the request's operators, and take it out again afterwards.
 */
public final class RequestIdMdcAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return RequestIds.CONTEXT_KEY;
	}

	@Override
	public String getValue() {
		return MDC.get(CorrelationMdc.REQUEST_ID);
	}

	@Override
	public void setValue(String value) {
		CorrelationMdc.putRequestId(value);
	}

	@Override
	public void setValue() {
		CorrelationMdc.putRequestId(null);
	}

}
