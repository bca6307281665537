package io.cello.telemetry.autoconfigure;

import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * Customizes the {@link SdkTracerProviderBuilder} of Cello's tracer provider, after Cello
 * has set its resource, sampler, span limits and span processors: a way to add a span
 * processor, or to change a setting, without defining the whole tracer provider again.
 * <p>
 * Every bean of this type is applied, in {@link org.springframework.core.annotation.Order
 * order}. A span processor added here sees every span the sampler records; spans kept
 * later by {@code cello.telemetry.sampling.keep-errors} or {@code keep-slower-than} reach
 * only the span processor beans, which Cello hands those traces to.
 */
@FunctionalInterface
public interface TracerProviderBuilderCustomizer {

	void customize(SdkTracerProviderBuilder builder);

}
