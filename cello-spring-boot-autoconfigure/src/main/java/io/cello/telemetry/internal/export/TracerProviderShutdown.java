package io.cello.telemetry.internal.export;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Flushes queued spans and shuts the tracer provider down when the application context
 * closes, which happens after the web server has stopped taking requests. Waits at most
 * the export timeout, so a missing collector cannot hold up shutdown.
 */
public final class TracerProviderShutdown implements DisposableBean {

	private static final Log logger = LogFactory.getLog(TracerProviderShutdown.class);

	private final SdkTracerProvider tracerProvider;

	private final Duration timeout;

	public TracerProviderShutdown(SdkTracerProvider tracerProvider, Duration timeout) {
		this.tracerProvider = tracerProvider;
		this.timeout = timeout;
	}

	@Override
	public void destroy() {
		CompletableResultCode result = this.tracerProvider.shutdown().join(this.timeout.toMillis(),
				TimeUnit.MILLISECONDS);
		if (!result.isSuccess()) {
			logger.warn("Queued spans could not all be exported within " + this.timeout + " at shutdown");
		}
	}

}
