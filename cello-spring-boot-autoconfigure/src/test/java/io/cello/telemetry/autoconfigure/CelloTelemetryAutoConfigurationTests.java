package io.cello.telemetry.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.cello.telemetry.internal.export.ExportEndpoint;
import io.cello.telemetry.internal.export.BatchProcessorTelemetry;
import io.cello.telemetry.internal.export.ExportStatistics;
import io.cello.telemetry.internal.sampling.TraceKeepRule;
import io.cello.telemetry.internal.server.ServerTracingWebFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CelloTelemetryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class))
		.withPropertyValues("cello.telemetry.service-name=checkout");

	@Test
	void defaultsBuildTheSdkWithOtlpOverGrpc() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Resource.class)
				.hasSingleBean(Sampler.class)
				.hasSingleBean(SpanLimits.class)
				.hasSingleBean(ContextPropagators.class)
				.hasSingleBean(SdkTracerProvider.class)
				.hasSingleBean(OpenTelemetrySdk.class)
				.hasSingleBean(Tracer.class)
				.hasSingleBean(BatchSpanProcessor.class)
				.hasSingleBean(SpanExporter.class);
			assertThat(context.getBean(SpanExporter.class)).isInstanceOf(OtlpGrpcSpanExporter.class);
			assertThat(exportEndpoint(context)).isEqualTo("http://localhost:4317");
			assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("ParentBased{root:TraceIdRatioBased{1.000000},remoteParentSampled:AlwaysOnSampler,"
						+ "remoteParentNotSampled:RecordDroppedSampler{AlwaysOffSampler},"
						+ "localParentSampled:AlwaysOnSampler,"
						+ "localParentNotSampled:RecordDroppedSampler{AlwaysOffSampler}}");
			assertThat(CelloTelemetryAutoConfiguration.keepRule(context.getBean(CelloTelemetryProperties.class)))
				.as("errors kept by default: an unsampled caller can arrive")
				.isEqualTo(new TraceKeepRule(true, null));
			assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator().fields())
				.containsExactlyInAnyOrder("traceparent", "tracestate", "baggage");
			assertThat(context.getBean(SpanLimits.class).getMaxAttributeValueLength()).isEqualTo(1024);
		});
	}

	@Test
	void resourceCarriesServiceHostAndConfiguredAttributes() {
		this.runner
			.withPropertyValues("cello.telemetry.resource-attributes[service.version]=1.4.2",
					"cello.telemetry.resource-attributes[deployment.environment]=staging",
					"cello.telemetry.resource-attributes[service.name]=ignored")
			.run((context) -> {
				Resource resource = context.getBean(Resource.class);
				assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("checkout");
				assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.4.2");
				assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment")))
					.isEqualTo("staging");
				assertThat(resource.getAttribute(AttributeKey.stringKey("host.name"))).isNotBlank();
				assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.name")))
					.isEqualTo("opentelemetry");
			});
	}

	@Test
	void batchProcessorFollowsTheProperties() {
		List<Integer> batches = new CopyOnWriteArrayList<>();
		CompletableResultCode firstExport = new CompletableResultCode();
		SpanExporter exporter = exporter((spans) -> {
			batches.add(spans.size());
			return (batches.size() == 1) ? firstExport : CompletableResultCode.ofSuccess();
		});
		this.runner
			.withPropertyValues("cello.telemetry.batch-size=64", "cello.telemetry.max-queue-size=128",
					"cello.telemetry.schedule-delay=250", "cello.telemetry.export-timeout=10s",
					"cello.telemetry.max-concurrent-exports=1")
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				Tracer tracer = context.getBean(Tracer.class);
				tracer.spanBuilder("first").startSpan().end();
				Awaitility.await()
					.atMost(Duration.ofSeconds(3))
					.alias("exported after the schedule delay (250 ms, not the default 5 s), without a flush")
					.until(() -> batches.size() == 1);

				// One export at a time: while the first is held, 128 spans fill the queue and
				// the next 22 are dropped.
				for (int i = 0; i < 150; i++) {
					tracer.spanBuilder("queued").startSpan().end();
				}
				assertThat(context.getBean(BatchProcessorTelemetry.class).droppedSpans()).isEqualTo(22);
				firstExport.succeed();
				assertThat(context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
					.isTrue();

				assertThat(batches).containsExactly(1, 64, 64);
				assertThat(context.getBean(ExportStatistics.class).spansExported()).as("counted").isEqualTo(129);
			});
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			grpc          | http://collector:4317                   | http://collector:4317
			http/protobuf | http://collector:4318                   | http://collector:4318/v1/traces
			HTTP/protobuf | https://otlp.example.com/otlp/v1/traces | https://otlp.example.com/otlp/v1/traces
			http/protobuf | -                                       | http://localhost:4318/v1/traces
			""")
	void otlpExporterGoesToTheConfiguredEndpointWithTheTracesPathAppendedForHttp(String protocol, String endpoint,
			String sentTo) {
		this.runner.withPropertyValues("cello.telemetry.protocol=" + protocol)
			.withPropertyValues((endpoint != null) ? new String[] { "cello.telemetry.otlp-endpoint=" + endpoint }
					: new String[0])
			.run((context) -> {
				assertThat(context.getBean(SpanExporter.class)).isInstanceOf(
						protocol.equals("grpc") ? OtlpGrpcSpanExporter.class : OtlpHttpSpanExporter.class);
				assertThat(exportEndpoint(context)).isEqualTo(sentTo);
			});
	}

	@Test
	void samplingRateBecomesParentBasedRatio() {
		this.runner.withPropertyValues("cello.telemetry.sampling-rate=0.25", "cello.telemetry.sampling.keep-errors=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.startsWith("ParentBased{root:TraceIdRatioBased{0.250000}"));
	}

	@Test
	void maxTracesPerSecondCapsTheRatioOfNewTraces() {
		this.runner
			.withPropertyValues("cello.telemetry.sampling-rate=0.5", "cello.telemetry.sampling.max-traces-per-second=20",
					"cello.telemetry.sampling.keep-errors=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.startsWith("ParentBased{root:RateLimitingSampler{20.0/s,TraceIdRatioBased{0.500000}}")
				.endsWith("localParentNotSampled:AlwaysOffSampler}"));
	}

	@Test
	void keepRulesRecordDroppedSpansAndExportKeptTracesThroughTheBatchProcessor() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		this.runner
			.withPropertyValues("cello.telemetry.sampling-rate=0", "cello.telemetry.sampling.keep-errors=true",
					"cello.telemetry.sampling.keep-slower-than=5s")
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				assertThat(context.getBean(Sampler.class).getDescription())
					.startsWith("ParentBased{root:RecordDroppedSampler{TraceIdRatioBased{0.000000}}")
					.contains("remoteParentNotSampled:RecordDroppedSampler{AlwaysOffSampler}")
					.contains("localParentNotSampled:RecordDroppedSampler{AlwaysOffSampler}");
				assertOnlyTheFailedOfTwoUnsampledRequestsIsExported(context, exporter, Context.root());
			});
	}

	@Test
	void flushingTheTracerProviderWaitsForExportsStillInFlight() {
		List<CompletableResultCode> pending = new CopyOnWriteArrayList<>();
		SpanExporter held = exporter((spans) -> {
			CompletableResultCode result = new CompletableResultCode();
			pending.add(result);
			return result;
		});
		this.runner.withBean(SpanExporter.class, () -> held).run((context) -> {
			context.getBean(Tracer.class).spanBuilder("GET /orders").startSpan().end();

			CompletableResultCode flushed = context.getBean(SdkTracerProvider.class).forceFlush();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pending.size() == 1);
			assertThat(context.getBean(BatchSpanProcessor.class).forceFlush().join(5, TimeUnit.SECONDS).isSuccess())
				.as("the SDK's processor has flushed")
				.isTrue();
			assertThat(flushed.isDone()).as("flushed while the export is in flight").isFalse();

			pending.get(0).succeed();
			assertThat(flushed.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		});
	}

	@Test
	void byDefaultARequestFromAnUnsampledCallerIsRecordedAndKeptOnError() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		this.runner.withBean(SpanExporter.class, () -> exporter).run((context) -> {
			Context unsampledCaller = Context.root()
				.with(io.opentelemetry.api.trace.Span.wrap(io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
						"0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
						io.opentelemetry.api.trace.TraceFlags.getDefault(),
						io.opentelemetry.api.trace.TraceState.getDefault())));
			assertOnlyTheFailedOfTwoUnsampledRequestsIsExported(context, exporter, unsampledCaller);
		});
	}

	/**
	 * Two requests with {@code parent}, left unsampled but recorded: the one that ends
	 * well is not exported, the one that fails is.
	 */
	private static void assertOnlyTheFailedOfTwoUnsampledRequestsIsExported(ApplicationContext context,
			InMemorySpanExporter exporter, Context parent) {
		Tracer tracer = context.getBean(Tracer.class);
		io.opentelemetry.api.trace.Span ok = tracer.spanBuilder("GET /ok").setParent(parent).startSpan();
		io.opentelemetry.api.trace.Span failed = tracer.spanBuilder("GET /fail").setParent(parent).startSpan();
		assertThat(failed.isRecording()).isTrue();
		assertThat(failed.getSpanContext().isSampled()).isFalse();
		ok.end();
		failed.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
		failed.end();
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("GET /fail");
	}

	@Test
	void samplingEverythingWithoutParentAddsNoKeepingMachinery() {
		this.runner.withPropertyValues("cello.telemetry.sampling.parent-based=false").run((context) -> {
			assertThat(context.getBean(Sampler.class).getDescription()).doesNotContain("RecordDropped");
			assertThat(CelloTelemetryAutoConfiguration.keepRule(context.getBean(CelloTelemetryProperties.class)))
				.isSameAs(TraceKeepRule.NONE);
		});
	}

	@Test
	void notParentBasedTheRatioAppliesToEveryTrace() {
		this.runner
			.withPropertyValues("cello.telemetry.sampling-rate=0.25", "cello.telemetry.sampling.parent-based=false",
					"cello.telemetry.sampling.keep-errors=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("ParentBased{root:TraceIdRatioBased{0.250000},"
						+ "remoteParentSampled:TraceIdRatioBased{0.250000},"
						+ "remoteParentNotSampled:TraceIdRatioBased{0.250000},localParentSampled:AlwaysOnSampler,"
						+ "localParentNotSampled:AlwaysOffSampler}"));
	}

	@Test
	void withoutAKeepRuleDroppedSpansAreNotRecorded() {
		this.runner.withPropertyValues("cello.telemetry.sampling-rate=0", "cello.telemetry.sampling.keep-errors=false")
			.run((context) -> assertThat(context.getBean(Tracer.class).spanBuilder("GET /fail").startSpan().isRecording())
				.isFalse());
	}

	@Test
	void zipkinExporter() {
		this.runner
			.withPropertyValues("cello.telemetry.exporter=zipkin",
					"cello.telemetry.zipkin-endpoint=http://127.0.0.1:9411/api/v2/spans")
			.run((context) -> {
				assertThat(context.getBean(SpanExporter.class)).isInstanceOf(ZipkinSpanExporter.class);
				assertThat(context).hasSingleBean(BatchSpanProcessor.class);
			});
	}

	@Test
	void loggingExporter() {
		this.runner.withPropertyValues("cello.telemetry.exporter=logging")
			.run((context) -> assertThat(context.getBean(SpanExporter.class))
				.isInstanceOf(LoggingSpanExporter.class));
	}

	@Test
	void noneExporterExportsNothingButStillTracesAndPropagates() {
		this.runner.withPropertyValues("cello.telemetry.exporter=none").run((context) -> {
			assertThat(context).doesNotHaveBean(SpanExporter.class).doesNotHaveBean(BatchSpanProcessor.class);
			Tracer tracer = context.getBean(Tracer.class);
			io.opentelemetry.api.trace.Span span = tracer.spanBuilder("work").startSpan();
			assertThat(span.getSpanContext().isValid()).isTrue();
			assertThat(span.getSpanContext().isSampled()).isTrue();
			Map<String, String> headers = new HashMap<>();
			context.getBean(ContextPropagators.class)
				.getTextMapPropagator()
				.inject(Context.root().with(span), headers, Map::put);
			span.end();
			assertThat(headers.get("traceparent")).contains(span.getSpanContext().getTraceId());
		});
	}

	@Test
	void exporterBacksOffWhenItsLibraryIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(OtlpGrpcSpanExporter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExporter.class).hasSingleBean(Tracer.class));
	}

	@Test
	void everyConfiguredPropagationFormatIsInjected() {
		this.runner.withPropertyValues("cello.telemetry.propagation=w3c,b3,b3multi,jaeger").run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			io.opentelemetry.api.trace.Span span = tracer.spanBuilder("work").startSpan();
			Map<String, String> headers = new HashMap<>();
			context.getBean(ContextPropagators.class)
				.getTextMapPropagator()
				.inject(Context.root().with(span), headers, Map::put);
			span.end();
			assertThat(headers).containsKeys("traceparent", "b3", "X-B3-TraceId", "uber-trace-id");
		});
	}

	@Test
	void applicationBeansReplaceCellosOwn() {
		this.runner.withUserConfiguration(UserSdkBeans.class).run((context) -> {
			assertThat(context.getBean(Resource.class)).isSameAs(UserSdkBeans.RESOURCE);
			assertThat(context.getBean(Sampler.class)).isSameAs(UserSdkBeans.SAMPLER);
			assertThat(context.getBean(SpanLimits.class)).isSameAs(UserSdkBeans.LIMITS);
			assertThat(context.getBean(ContextPropagators.class)).isSameAs(UserSdkBeans.PROPAGATORS);
			assertThat(context.getBean(SpanExporter.class)).isSameAs(UserSdkBeans.EXPORTER);
			assertThat(context).hasSingleBean(BatchSpanProcessor.class);
		});
	}

	@Test
	void applicationTracerProviderOpenTelemetryAndTracerReplaceCellosOwn() {
		this.runner.withUserConfiguration(UserOpenTelemetry.class).run((context) -> {
			assertThat(context.getBean(SdkTracerProvider.class)).isSameAs(context.getBean("userTracerProvider"));
			assertThat(context.getBean(OpenTelemetry.class)).isSameAs(context.getBean("userOpenTelemetry"));
			assertThat(context.getBean(Tracer.class)).isSameAs(context.getBean("userTracer"));
		});
	}

	@Test
	void applicationBatchProcessorReplacesCellos() {
		this.runner.withUserConfiguration(UserBatchProcessor.class)
			.run((context) -> assertThat(context.getBean(BatchSpanProcessor.class))
				.isSameAs(context.getBean("userBatchProcessor")));
	}

	@Test
	void disabledLeavesNoBeanOfCellos() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class,
					CelloServerTracingAutoConfiguration.class, CelloWebClientTracingAutoConfiguration.class,
					CelloObservationAutoConfiguration.class, CelloActuatorAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<String> cellos = new ArrayList<>();
				for (String name : context.getBeanDefinitionNames()) {
					Class<?> type = context.getType(name);
					if (name.toLowerCase().contains("cello") || (type != null && type.getName().startsWith("io.cello"))) {
						cellos.add(name);
					}
				}
				assertThat(cellos).isEmpty();
				assertThat(context).doesNotHaveBean(OpenTelemetry.class).doesNotHaveBean(Tracer.class);
			});
	}

	@Test
	void enabledReactiveApplicationGetsTheServerFilter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class,
					CelloServerTracingAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=checkout")
			.run((context) -> assertThat(context).hasSingleBean(ServerTracingWebFilter.class));
	}

	@Test
	void serverFilterIsOnlyForReactiveWebApplications() {
		this.runner.withConfiguration(AutoConfigurations.of(CelloServerTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServerTracingWebFilter.class)
				.hasSingleBean(Tracer.class));
	}

	@Test
	void applicationServerFilterReplacesCellos() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CelloTelemetryAutoConfiguration.class,
					CelloServerTracingAutoConfiguration.class))
			.withPropertyValues("cello.telemetry.service-name=checkout")
			.withBean("userFilter", ServerTracingWebFilter.class,
					() -> new ServerTracingWebFilter(OpenTelemetry.noop().getTracer("x"),
							io.opentelemetry.context.propagation.TextMapPropagator.noop(),
							new io.cello.telemetry.internal.server.ExcludedPaths(List.of()),
							new io.cello.telemetry.internal.server.ServerSpanAttributes(
									io.cello.telemetry.internal.http.SemconvMode.CELLO, "x")))
			.run((context) -> assertThat(context).hasSingleBean(ServerTracingWebFilter.class)
				.hasBean("userFilter"));
	}

	@Test
	void shutdownFlushesQueuedSpans() {
		List<String> exported = new CopyOnWriteArrayList<>();
		SpanExporter exporter = exporter((spans) -> {
			spans.forEach((span) -> exported.add(span.getName()));
			return CompletableResultCode.ofSuccess();
		});
		this.runner.withPropertyValues("cello.telemetry.schedule-delay=1h")
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				context.getBean(Tracer.class).spanBuilder("queued").startSpan().end();
				assertThat(exported).as("still queued").isEmpty();
			});
		assertThat(exported).containsExactly("queued");
	}

	/** An exporter whose exports {@code export} answers; flush and shutdown succeed at once. */
	private static SpanExporter exporter(Function<Collection<SpanData>, CompletableResultCode> export) {
		return new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				return export.apply(spans);
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSdkBeans {

		static final Resource RESOURCE = Resource.empty();

		static final Sampler SAMPLER = Sampler.alwaysOff();

		static final SpanLimits LIMITS = SpanLimits.builder().build();

		static final ContextPropagators PROPAGATORS = ContextPropagators.noop();

		static final SpanExporter EXPORTER = InMemorySpanExporter.create();

		@Bean
		Resource userResource() {
			return RESOURCE;
		}

		@Bean
		Sampler userSampler() {
			return SAMPLER;
		}

		@Bean
		SpanLimits userSpanLimits() {
			return LIMITS;
		}

		@Bean
		ContextPropagators userPropagators() {
			return PROPAGATORS;
		}

		@Bean
		SpanExporter userExporter() {
			return EXPORTER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOpenTelemetry {

		@Bean
		SdkTracerProvider userTracerProvider() {
			return SdkTracerProvider.builder().build();
		}

		@Bean
		OpenTelemetry userOpenTelemetry() {
			return OpenTelemetry.noop();
		}

		@Bean
		Tracer userTracer() {
			return OpenTelemetry.noop().getTracer("user");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBatchProcessor {

		@Bean
		BatchSpanProcessor userBatchProcessor() {
			return BatchSpanProcessor.builder(InMemorySpanExporter.create()).build();
		}

	}

	/** The traces endpoint the OTLP exporter is built with. */
	private static String exportEndpoint(ApplicationContext context) {
		return ExportEndpoint.otlpTraces(context.getBean(CelloTelemetryProperties.class)).toString();
	}

}
