package io.cello.telemetry.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@code OTEL_TRACES_SAMPLER} value, through the environment post-processor and the
 * auto-configured tracer: what is sampled for a new trace, under a sampled caller and
 * under an unsampled one, and what is exported when each of them ends in error.
 */
class OtelTracesSamplerTests {

	/** Trace IDs whose random part a ratio of 0.5 samples, and does not. */
	private static final String LOW_TRACE_ID = "00000000000000000000000000000001";

	private static final String HIGH_TRACE_ID = "00000000000000007ffffffffffffffe";

	private final Map<String, String> variables = new HashMap<>();

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# sampler               | argument | sampled                         | exported when each ends in error
			always_on                | -   | root,sampledCaller,unsampledCaller | root,sampledCaller,unsampledCaller
			always_off               | -   | ''                                 | ''
			traceidratio             | -   | root,sampledCaller,unsampledCaller | root,sampledCaller,unsampledCaller
			traceidratio             | 0.5 | unsampledCaller                    | sampledCaller,unsampledCaller
			traceidratio             | 0   | ''                                 | root,sampledCaller,unsampledCaller
			parentbased_always_on    | -   | root,sampledCaller                 | root,sampledCaller,unsampledCaller
			parentbased_always_off   | -   | sampledCaller                      | sampledCaller
			parentbased_traceidratio | -   | root,sampledCaller                 | root,sampledCaller,unsampledCaller
			parentbased_traceidratio | 0.5 | sampledCaller                      | sampledCaller,unsampledCaller
			parentbased_traceidratio | 0   | sampledCaller                      | root,sampledCaller,unsampledCaller
			""")
	void samplerIsHonoured(String sampler, String argument, String sampled, String exported) {
		this.variables.put("OTEL_TRACES_SAMPLER", sampler);
		if (argument != null) {
			this.variables.put("OTEL_TRACES_SAMPLER_ARG", argument);
		}
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=checkout")
			.withInitializer((context) -> new CelloTelemetryEnvironmentPostProcessor(Supplier::get, this.variables::get)
				.postProcessEnvironment(context.getEnvironment(), null))
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				Tracer tracer = context.getBean(Tracer.class);
				// a new trace, one under a sampled caller and one under an unsampled caller
				Span root = tracer.spanBuilder("root").setNoParent().startSpan();
				Span underSampled = tracer.spanBuilder("sampledCaller")
					.setParent(caller(HIGH_TRACE_ID, TraceFlags.getSampled()))
					.startSpan();
				Span underUnsampled = tracer.spanBuilder("unsampledCaller")
					.setParent(caller(LOW_TRACE_ID, TraceFlags.getDefault()))
					.startSpan();
				List<Span> spans = List.of(root, underSampled, underUnsampled);
				List<String> sampledNames = spans.stream()
					.filter((span) -> span.getSpanContext().isSampled())
					.map(OtelTracesSamplerTests::name)
					.toList();
				if (!"0.5".equals(argument)) {
					assertThat(sampledNames).containsExactlyElementsOf(names(sampled));
				}
				else {
					// the new trace's ID is random: only the callers' are chosen
					assertThat(sampledNames).filteredOn((name) -> !name.equals("root"))
						.containsExactlyElementsOf(names(sampled));
				}
				spans.forEach((span) -> span.setStatus(StatusCode.ERROR).end());
				context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
				List<String> exportedNames = exporter.getFinishedSpanItems()
					.stream()
					.map(SpanData::getName)
					.filter((name) -> argument == null || !"0.5".equals(argument) || !name.equals("root"))
					.sorted()
					.toList();
				assertThat(exportedNames).containsExactlyElementsOf(names(exported).stream().sorted().toList());
			});
	}

	private static String name(Span span) {
		return ((io.opentelemetry.sdk.trace.ReadableSpan) span).getName();
	}

	private static List<String> names(String list) {
		return list.isEmpty() ? List.of() : List.of(list.split(","));
	}

	private static Context caller(String traceId, TraceFlags flags) {
		return Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent(traceId, "00000000000000aa", flags,
					TraceState.getDefault())));
	}

}
