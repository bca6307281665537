package io.cello.telemetry.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.autoconfigure.export.OtlpSpanExporterCustomizer;
import io.cello.telemetry.testsupport.OtlpTestReceiver;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customizers change Cello's tracer provider and OTLP exporter while Cello's own
 * beans, and what {@code cello.telemetry.*} set on them, stay.
 */
class CustomizersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
		.withPropertyValues("cello.telemetry.service-name=checkout", "cello.telemetry.exporter=none");

	@Test
	void tracerProviderCustomizersAddSpanProcessorsInTheirOrderAndCellosSettingsStay() {
		this.runner.withUserConfiguration(TracerProviderCustomizers.class).run((context) -> {
				List<String> seen = context.getBean(EndedSpans.class).names();
				assertThat(context).hasSingleBean(SdkTracerProvider.class);
				context.getBean(Tracer.class).spanBuilder("GET /orders").startSpan().end();

				assertThat(seen).containsExactly("first:GET /orders", "second:GET /orders");
				assertThat(context.getBean(SdkTracerProvider.class).getSampler())
					.as("Cello's sampler")
					.isSameAs(context.getBean(Sampler.class));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "http/protobuf" })
	void otlpExporterCustomizerOfTheTransportInUseAddsAHeaderBesideCellosOwn(String protocol) throws Exception {
		try (OtlpTestReceiver receiver = "grpc".equals(protocol) ? OtlpTestReceiver.grpc() : OtlpTestReceiver.http()) {
			this.runner
				.withPropertyValues("cello.telemetry.exporter=otlp", "cello.telemetry.protocol=" + protocol,
						"cello.telemetry.otlp-endpoint=" + receiver.endpoint(),
						"cello.telemetry.headers.x-api-key=k-123")
				.withBean(OtlpSpanExporterCustomizer.class, TenantHeader::new)
				.run((context) -> {
					context.getBean(Tracer.class).spanBuilder("GET /orders").startSpan().end();
					assertThat(context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS)
						.isSuccess()).isTrue();

					Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.spans().isEmpty());
					assertThat(receiver.headers()).singleElement()
						.satisfies((headers) -> assertThat(headers).containsEntry("x-api-key", "k-123")
							.containsEntry("x-tenant", "grpc".equals(protocol) ? "tenant-grpc" : "tenant-http"));
				});
		}
	}

	static class TenantHeader implements OtlpSpanExporterCustomizer {

		@Override
		public void customize(OtlpHttpSpanExporterBuilder builder) {
			builder.addHeader("x-tenant", "tenant-http");
		}

		@Override
		public void customize(OtlpGrpcSpanExporterBuilder builder) {
			builder.addHeader("x-tenant", "tenant-grpc");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TracerProviderCustomizers {

		@Bean
		@Order(2)
		TracerProviderBuilderCustomizer second(EndedSpans ended) {
			return (builder) -> builder.addSpanProcessor(new Recording("second", ended.names()));
		}

		@Bean
		@Order(1)
		TracerProviderBuilderCustomizer first(EndedSpans ended) {
			return (builder) -> builder.addSpanProcessor(new Recording("first", ended.names()));
		}

		@Bean
		EndedSpans endedSpans() {
			return new EndedSpans(new CopyOnWriteArrayList<>());
		}

	}

	record EndedSpans(List<String> names) {
	}

	private record Recording(String name, List<String> seen) implements SpanProcessor {

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.seen.add(this.name + ":" + span.getName());
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
