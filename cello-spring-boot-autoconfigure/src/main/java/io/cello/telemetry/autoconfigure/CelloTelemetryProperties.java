package io.cello.telemetry.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.lang.Contract;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of Cello's telemetry, bound from {@code cello.telemetry.*}.
 * <p>
 * Validates itself while binding, so that a bad value stops the application with one
 * message naming the property, the value and what is allowed. Standard {@code OTEL_*}
 * environment variables reach these properties as fallbacks through
 * {@link CelloTelemetryEnvironmentPostProcessor}.
 */
@ConfigurationProperties("cello.telemetry")
public class CelloTelemetryProperties implements Validator, EnvironmentAware {

	/**
	 * Whether Cello's telemetry is enabled. When false, the starter contributes no bean.
	 */
	private boolean enabled = true;

	/**
	 * Name of this service, recorded as the 'service.name' resource attribute. Defaults
	 * to spring.application.name, else the OTEL_SERVICE_NAME environment variable.
	 */
	private @Nullable String serviceName;

	/**
	 * OTLP collector base endpoint. Defaults to OTEL_EXPORTER_OTLP_ENDPOINT, else
	 * http://localhost:4317 (http://localhost:4318/v1/traces for http/protobuf). With
	 * http/protobuf, v1/traces is appended to its path (http://gw:4318/otlp becomes
	 * http://gw:4318/otlp/v1/traces) unless the path already ends in /v1/traces; with
	 * grpc only its scheme, host and port are used.
	 */
	private @Nullable String otlpEndpoint;

	/**
	 * Full URL of the OTLP traces endpoint, used as given (nothing is appended); wins over
	 * otlp-endpoint. Defaults to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT unless otlp-endpoint
	 * is configured. With grpc only its scheme, host and port are used.
	 */
	private @Nullable String otlpTracesEndpoint;

	/**
	 * OTLP transport: 'grpc' or 'http/protobuf'.
	 */
	private String protocol = "grpc";

	/**
	 * Headers sent with every export, for example an API key for a hosted backend.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * Compression of OTLP exports: 'none' or 'gzip'. Defaults to
	 * OTEL_EXPORTER_OTLP_TRACES_COMPRESSION, else OTEL_EXPORTER_OTLP_COMPRESSION, else
	 * 'none'.
	 */
	private String compression = "none";

	/**
	 * TLS of OTLP exports to an https:// endpoint, beyond the JVM's default trust.
	 */
	private final Ssl ssl = new Ssl();

	/**
	 * Where spans go: 'otlp', 'zipkin', 'logging' or 'none'. With 'none' spans are still
	 * created and context is still propagated, but nothing is exported.
	 */
	private String exporter = "otlp";

	/**
	 * Zipkin v2 spans endpoint, used when the exporter is 'zipkin'.
	 */
	private String zipkinEndpoint = "http://localhost:9411/api/v2/spans";

	/**
	 * Fraction of traces to sample, from 0.0 to 1.0, decided by trace ID. Parent-based (see
	 * sampling.parent-based), it applies to new traces only. Defaults to what
	 * OTEL_TRACES_SAMPLER (with OTEL_TRACES_SAMPLER_ARG for its ratio samplers) says,
	 * else 1.0.
	 */
	private double samplingRate = 1.0;

	/**
	 * Sampling beyond the ratio: a cap on new traces, and keeping traces that end in error
	 * or are slow.
	 */
	private final Sampling sampling = new Sampling();

	/**
	 * Context propagation formats: 'w3c', 'b3', 'b3multi', 'jaeger'. Any listed format
	 * is extracted from incoming requests; all listed formats are injected.
	 */
	private List<String> propagation = new ArrayList<>(List.of("w3c"));

	/**
	 * Maximum time one export may take. A bare number is read as milliseconds.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration exportTimeout = Duration.ofMillis(10000);

	/**
	 * Maximum number of spans sent in one export.
	 */
	private int batchSize = 512;

	/**
	 * Maximum number of spans waiting for export. When full, new spans are dropped and
	 * counted; a request never waits for the exporter.
	 */
	private int maxQueueSize = 2048;

	/**
	 * Delay between two exports of queued spans. A bare number is read as milliseconds.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration scheduleDelay = Duration.ofSeconds(5);

	/**
	 * Maximum number of exports in flight at once. With more than one, the next batch is
	 * sent while earlier ones wait for the collector's answer, so a slow round trip does
	 * not fill the queue.
	 */
	private int maxConcurrentExports = 2;

	/**
	 * Extra resource attributes, such as 'service.version' and 'deployment.environment'.
	 */
	private Map<String, String> resourceAttributes = new LinkedHashMap<>();

	/**
	 * Request path patterns that get no server span and no request timer. Defaults to
	 * the Actuator endpoints' base path ('management.endpoints.web.base-path', so
	 * '/actuator/**'), and to none when Actuator is served on its own
	 * 'management.server.port' or at the root base path.
	 */
	private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**"));

	/**
	 * HTTP attribute names on spans: 'cello' (Cello's names), 'stable' (current
	 * OpenTelemetry semantic conventions) or 'both'.
	 */
	private String semconv = "cello";

	/**
	 * Whether every traced response carries a W3C 'traceresponse' header
	 * (00-{trace-id}-{server span id}-{flags}), so that a caller can find its trace.
	 */
	private boolean traceResponse = true;

	/**
	 * Whether every traced response carries a 'Server-Timing: traceparent;desc="..."'
	 * entry, which browsers' developer tools show.
	 */
	private boolean serverTiming = false;

	/**
	 * Whether the starter exposes the health (with liveness and readiness probes and
	 * details) and Prometheus endpoints, enables HTTP request histograms and has Cello's
	 * filters time HTTP requests in place of Spring's observations, for every such
	 * setting the application does not configure itself.
	 */
	private boolean actuatorDefaults = true;

	/**
	 * Request IDs.
	 */
	private final RequestId requestId = new RequestId();

	/**
	 * Kafka spans.
	 */
	private final Kafka kafka = new Kafka();

	/**
	 * R2DBC database spans.
	 */
	private final R2dbc r2dbc = new R2dbc();

	/** The service name used when none is configured, read from the environment. */
	private @Nullable String fallbackServiceName;

	@Override
	public void setEnvironment(Environment environment) {
		String applicationName = environment.getProperty("spring.application.name");
		this.fallbackServiceName = hasText(applicationName) ? applicationName
				: environment.getProperty("OTEL_SERVICE_NAME");
		// Called before binding, which replaces this default with a configured list.
		this.excludePaths = ActuatorPaths.defaultExcludePaths(environment);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getOtlpEndpoint() {
		return this.otlpEndpoint;
	}

	public void setOtlpEndpoint(@Nullable String otlpEndpoint) {
		this.otlpEndpoint = otlpEndpoint;
	}

	public @Nullable String getOtlpTracesEndpoint() {
		return this.otlpTracesEndpoint;
	}

	public void setOtlpTracesEndpoint(@Nullable String otlpTracesEndpoint) {
		this.otlpTracesEndpoint = otlpTracesEndpoint;
	}

	public String getProtocol() {
		return this.protocol;
	}

	public void setProtocol(String protocol) {
		this.protocol = protocol;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public String getCompression() {
		return this.compression;
	}

	public void setCompression(String compression) {
		this.compression = compression;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public String getExporter() {
		return this.exporter;
	}

	public void setExporter(String exporter) {
		this.exporter = exporter;
	}

	public String getZipkinEndpoint() {
		return this.zipkinEndpoint;
	}

	public void setZipkinEndpoint(String zipkinEndpoint) {
		this.zipkinEndpoint = zipkinEndpoint;
	}

	public double getSamplingRate() {
		return this.samplingRate;
	}

	public void setSamplingRate(double samplingRate) {
		this.samplingRate = samplingRate;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public List<String> getPropagation() {
		return this.propagation;
	}

	public void setPropagation(List<String> propagation) {
		this.propagation = propagation;
	}

	public Duration getExportTimeout() {
		return this.exportTimeout;
	}

	public void setExportTimeout(Duration exportTimeout) {
		this.exportTimeout = exportTimeout;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public int getMaxQueueSize() {
		return this.maxQueueSize;
	}

	public void setMaxQueueSize(int maxQueueSize) {
		this.maxQueueSize = maxQueueSize;
	}

	public Duration getScheduleDelay() {
		return this.scheduleDelay;
	}

	public void setScheduleDelay(Duration scheduleDelay) {
		this.scheduleDelay = scheduleDelay;
	}

	public int getMaxConcurrentExports() {
		return this.maxConcurrentExports;
	}

	public void setMaxConcurrentExports(int maxConcurrentExports) {
		this.maxConcurrentExports = maxConcurrentExports;
	}

	public Map<String, String> getResourceAttributes() {
		return this.resourceAttributes;
	}

	public void setResourceAttributes(Map<String, String> resourceAttributes) {
		this.resourceAttributes = resourceAttributes;
	}

	public List<String> getExcludePaths() {
		return this.excludePaths;
	}

	public void setExcludePaths(List<String> excludePaths) {
		this.excludePaths = excludePaths;
	}

	public String getSemconv() {
		return this.semconv;
	}

	public void setSemconv(String semconv) {
		this.semconv = semconv;
	}

	public boolean isTraceResponse() {
		return this.traceResponse;
	}

	public void setTraceResponse(boolean traceResponse) {
		this.traceResponse = traceResponse;
	}

	public boolean isServerTiming() {
		return this.serverTiming;
	}

	public void setServerTiming(boolean serverTiming) {
		this.serverTiming = serverTiming;
	}

	public boolean isActuatorDefaults() {
		return this.actuatorDefaults;
	}

	public void setActuatorDefaults(boolean actuatorDefaults) {
		this.actuatorDefaults = actuatorDefaults;
	}

	public RequestId getRequestId() {
		return this.requestId;
	}

	public Kafka getKafka() {
		return this.kafka;
	}

	public R2dbc getR2dbc() {
		return this.r2dbc;
	}

	/**
	 * The service name: {@code service-name}, else {@code spring.application.name}, else
	 * {@code OTEL_SERVICE_NAME}.
	 */
	public @Nullable String resolvedServiceName() {
		return hasText(this.serviceName) ? this.serviceName.strip()
				: hasText(this.fallbackServiceName) ? this.fallbackServiceName.strip() : null;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CelloTelemetryProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		CelloTelemetryPropertiesValidator.validate((CelloTelemetryProperties) target, errors);
	}

	@Contract("null -> false")
	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	public static class Sampling {

		/**
		 * Maximum number of new traces sampled per second, on top of sampling-rate. Traces
		 * beyond it are dropped and counted. Unset: no cap. Parent-based, a trace sampled
		 * upstream is never capped.
		 */
		private @Nullable Double maxTracesPerSecond;

		/**
		 * Whether an upstream sampling decision is honoured: a trace that arrives sampled
		 * is sampled, one that arrives unsampled is not, and sampling-rate and
		 * max-traces-per-second apply to new traces only. When false, they apply to every
		 * trace, whatever the caller's flag (OpenTelemetry's 'traceidratio' sampler).
		 */
		private boolean parentBased = true;

		/**
		 * Whether a trace that sampling dropped (by ratio, cap, or an unsampled caller) is
		 * still exported when its local root span (the request's server span, for example)
		 * ends in error. Dropped spans are then recorded and held until their local root
		 * ends. Nothing is recorded for it when the sampler cannot drop anything.
		 */
		private boolean keepErrors = true;

		/**
		 * Duration beyond which a trace that sampling dropped is still exported, measured
		 * on its local root span. A bare number is read as milliseconds. Unset: no trace is
		 * kept for being slow.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private @Nullable Duration keepSlowerThan;

		/**
		 * Maximum number of recorded spans held while they wait for their local root's
		 * decision (keep-errors, keep-slower-than). Spans beyond it are not exported, and
		 * counted.
		 */
		private int maxBufferedSpans = 2048;

		public @Nullable Double getMaxTracesPerSecond() {
			return this.maxTracesPerSecond;
		}

		public void setMaxTracesPerSecond(@Nullable Double maxTracesPerSecond) {
			this.maxTracesPerSecond = maxTracesPerSecond;
		}

		public boolean isParentBased() {
			return this.parentBased;
		}

		public void setParentBased(boolean parentBased) {
			this.parentBased = parentBased;
		}

		public boolean isKeepErrors() {
			return this.keepErrors;
		}

		public void setKeepErrors(boolean keepErrors) {
			this.keepErrors = keepErrors;
		}

		public @Nullable Duration getKeepSlowerThan() {
			return this.keepSlowerThan;
		}

		public void setKeepSlowerThan(@Nullable Duration keepSlowerThan) {
			this.keepSlowerThan = keepSlowerThan;
		}

		public int getMaxBufferedSpans() {
			return this.maxBufferedSpans;
		}

		public void setMaxBufferedSpans(int maxBufferedSpans) {
			this.maxBufferedSpans = maxBufferedSpans;
		}

	}

	public static class Ssl {

		/**
		 * Name of an SSL bundle (spring.ssl.bundle.pem.* or spring.ssl.bundle.jks.*) whose
		 * trust material, and key for mutual TLS, the OTLP exporter uses. Not to be combined
		 * with the PEM files of certificate, client-key and client-certificate.
		 */
		private @Nullable String bundle;

		/**
		 * Path of a PEM file of the CA certificates to trust for the collector's certificate.
		 * Defaults to OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE, else
		 * OTEL_EXPORTER_OTLP_CERTIFICATE.
		 */
		private @Nullable String certificate;

		/**
		 * Path of a PEM file of the private key (PKCS#8) for mutual TLS. Defaults to
		 * OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY, else OTEL_EXPORTER_OTLP_CLIENT_KEY.
		 */
		private @Nullable String clientKey;

		/**
		 * Path of a PEM file of the certificate chain for mutual TLS. Defaults to
		 * OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE, else
		 * OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE.
		 */
		private @Nullable String clientCertificate;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getClientKey() {
			return this.clientKey;
		}

		public void setClientKey(@Nullable String clientKey) {
			this.clientKey = clientKey;
		}

		public @Nullable String getClientCertificate() {
			return this.clientCertificate;
		}

		public void setClientCertificate(@Nullable String clientCertificate) {
			this.clientCertificate = clientCertificate;
		}

	}

	public static class RequestId {

		/**
		 * Whether every request gets an ID, echoed on the response, forwarded on WebClient
		 * calls, recorded on spans and put in the logging MDC.
		 */
		private boolean enabled = true;

		/**
		 * Header carrying the request ID. A valid incoming value (1-128 characters of
		 * [A-Za-z0-9._:-]) is kept; anything else is replaced by a generated ID.
		 */
		private String header = "X-Request-ID";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

	}

	public static class Kafka {

		/**
		 * Whether every record a KafkaTemplate sends gets a PRODUCER span and every record a
		 * listener receives a CONSUMER span, joined through the record's headers.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class R2dbc {

		/**
		 * Whether every R2DBC statement gets a CLIENT span, with its SQL stripped of
		 * literal values.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
