package io.cello.telemetry.testsupport;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * The tracer providers a test builds, closed together after it: a field marked
 * {@code @AutoClose}.
 */
public final class TracerProviders implements AutoCloseable {

	private final List<SdkTracerProvider> built = new ArrayList<>();

	/** Builds the provider, to be closed with the others. */
	public SdkTracerProvider build(SdkTracerProviderBuilder builder) {
		SdkTracerProvider provider = builder.build();
		this.built.add(provider);
		return provider;
	}

	@Override
	public void close() {
		this.built.forEach(SdkTracerProvider::close);
		this.built.clear();
	}

}
