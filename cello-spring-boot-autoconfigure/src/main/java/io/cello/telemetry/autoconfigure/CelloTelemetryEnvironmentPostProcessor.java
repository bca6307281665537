package io.cello.telemetry.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Adds the lowest-precedence property sources Cello relies on:
 * <ul>
 * <li>the standard {@code OTEL_*} environment variables, mapped onto
 * {@code cello.telemetry.*} so that a compose file written for any OpenTelemetry
 * application configures Cello too (explicit {@code cello.telemetry.*} values win, and
 * a bad variable is reported under its own name, an {@code OTEL_TRACES_SAMPLER} Cello
 * does not support stops startup; {@code OTEL_SERVICE_NAME} is read by
 * {@link CelloTelemetryProperties} itself, after {@code spring.application.name});</li>
 * <li>a {@code logging.pattern.correlation} that shows the trace ID, span ID and request
 * ID in every log line as {@code trace_id=... span_id=... request_id=...};</li>
 * <li>the Actuator settings of {@link #ACTUATOR_DEFAULTS}, unless
 * {@code cello.telemetry.actuator-defaults} is false;</li>
 * </ul>
 * each unless the application configured the same property itself.
 */
public class CelloTelemetryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ENVIRONMENT_VARIABLES_SOURCE = "celloTelemetryOtelEnvironmentVariables";

	static final String DEFAULTS_SOURCE = "celloTelemetryDefaults";

	private static final String PREFIX = "cello.telemetry.";

	private static final String SAMPLER = "OTEL_TRACES_SAMPLER";

	private static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";

	static final List<String> SUPPORTED_SAMPLERS = List.of("always_on", "always_off", "traceidratio",
			"parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio");

	/**
	 * Health and Prometheus endpoints exposed, with probes and details; histogram buckets
	 * (which carry trace exemplars) for HTTP server and client requests, and exemplars on
	 * those buckets only, not on every {@code _count}, which Prometheus servers before
	 * 2.43 reject with the whole scrape; and those requests timed by Cello's filters
	 * rather than by an observation each ({@link CelloHttpMetricsAutoConfiguration}).
	 */
	static final Map<String, Object> ACTUATOR_DEFAULTS = Map.of("management.endpoints.web.exposure.include",
			"health,prometheus", "management.endpoint.health.probes.enabled", "true",
			"management.endpoint.health.show-details", "always",
			"management.metrics.distribution.percentiles-histogram.http.server.requests", "true",
			"management.metrics.distribution.percentiles-histogram.http.client.requests", "true",
			"management.observations.enable.http.server.requests", "false",
			"management.observations.enable.http.client.requests", "false",
			"management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
			"false");

	/**
	 * Shown in every log line by Spring Boot's default Logback patterns:
	 * {@code trace_id=<hex> span_id=<hex> request_id=<id> }, the form Grafana's derived
	 * field {@code trace_id=([\w]+)} reads, each pair only when its MDC key is set. Each
	 * {@code %replace} drops its pair when the value is empty, so that a line logged
	 * outside a request has no empty keys; plain Logback syntax needs no converter to be
	 * registered, and holds in the file pattern and a {@code logback-spring.xml} too.
	 */
	static final String CORRELATION_PATTERN = "%replace(trace_id=%X{trace_id} ){'^trace_id= $', ''}"
			+ "%replace(span_id=%X{span_id} ){'^span_id= $', ''}"
			+ "%replace(request_id=%X{request_id} ){'^request_id= $', ''}";

	/**
	 * The same for Log4j2, whose {@code %notEmpty} prints its pattern only when the MDC
	 * values in it are set.
	 */
	static final String LOG4J2_CORRELATION_PATTERN = "%notEmpty{trace_id=%X{trace_id} }"
			+ "%notEmpty{span_id=%X{span_id} }%notEmpty{request_id=%X{request_id} }";

	private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

	private static final String LOG4J2 = "org.apache.logging.log4j.core.impl.Log4jContextFactory";

	private final Log logger;

	private final Function<String, String> environmentVariables;

	public CelloTelemetryEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this(logFactory, System::getenv);
	}

	CelloTelemetryEnvironmentPostProcessor(DeferredLogFactory logFactory,
			Function<String, String> environmentVariables) {
		this.logger = logFactory.getLog(CelloTelemetryEnvironmentPostProcessor.class);
		this.environmentVariables = environmentVariables;
	}

	@Override
	public int getOrder() {
		// After the application's own configuration files have been loaded.
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> fallbacks = mapEnvironmentVariables(environment);
		if (!fallbacks.isEmpty()) {
			environment.getPropertySources()
				.addLast(new OriginTrackedMapPropertySource(ENVIRONMENT_VARIABLES_SOURCE, fallbacks));
		}
		if (environment.getProperty(PREFIX + "enabled", Boolean.class, true)) {
			Map<String, Object> defaults = new LinkedHashMap<>();
			defaults.put("logging.pattern.correlation", correlationPattern(getClass().getClassLoader()));
			if (environment.getProperty(PREFIX + "actuator-defaults", Boolean.class, true)) {
				defaults.putAll(ACTUATOR_DEFAULTS);
			}
			environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE, defaults));
		}
	}

	/**
	 * The correlation pattern in the syntax of the logging system Spring Boot picks:
	 * the one named by its system property, else Logback if present, else Log4j2.
	 */
	static String correlationPattern(ClassLoader classLoader) {
		String named = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		boolean log4j2 = (named != null) ? named.endsWith("Log4J2LoggingSystem")
				: !ClassUtils.isPresent(LOGBACK, classLoader) && ClassUtils.isPresent(LOG4J2, classLoader);
		return log4j2 ? LOG4J2_CORRELATION_PATTERN : CORRELATION_PATTERN;
	}

	private Map<String, Object> mapEnvironmentVariables(ConfigurableEnvironment environment) {
		Map<String, Object> map = new LinkedHashMap<>();
		String disabled = get("OTEL_SDK_DISABLED");
		if (disabled != null) {
			put(map, "enabled", Boolean.toString(!"true".equalsIgnoreCase(disabled.strip())), "OTEL_SDK_DISABLED");
		}
		putFirstOf(map, "otlp-endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT");
		// The traces endpoint wins over the base one, so it must not win over the
		// application's own base endpoint.
		if (!isConfigured(environment, "otlp-endpoint")) {
			putFirstOf(map, "otlp-traces-endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
		}
		putFirstOf(map, "protocol", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
		putKeyValues(map, "headers", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
		putFirstOf(map, "compression", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION");
		putFirstOf(map, "ssl.certificate", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE");
		putFirstOf(map, "ssl.client-key", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY");
		putFirstOf(map, "ssl.client-certificate", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE",
				"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE");
		putKeyValues(map, "resource-attributes", "OTEL_RESOURCE_ATTRIBUTES");
		putFirstOf(map, "zipkin-endpoint", "OTEL_EXPORTER_ZIPKIN_ENDPOINT");
		mapSampler(map);
		// One export-timeout bounds both the exporter's request and the batch processor's
		// wait for it: the exporter's own variable, the more specific, wins.
		putFirstOf(map, "export-timeout", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT",
				"OTEL_BSP_EXPORT_TIMEOUT");
		putFirstOf(map, "schedule-delay", "OTEL_BSP_SCHEDULE_DELAY");
		putFirstOf(map, "batch-size", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
		putFirstOf(map, "max-queue-size", "OTEL_BSP_MAX_QUEUE_SIZE");
		mapExporter(map);
		mapPropagators(map);
		return map;
	}

	/**
	 * Maps {@code OTEL_TRACES_SAMPLER} onto {@code sampling-rate} and
	 * {@code sampling.parent-based}, with {@code OTEL_TRACES_SAMPLER_ARG} as the ratio of
	 * the ratio samplers only (as the specification says). The {@code always_off} samplers
	 * also switch {@code sampling.keep-errors} off, so that they export nothing of their
	 * own. Any other sampler stops startup rather than sampling something else.
	 */
	private void mapSampler(Map<String, Object> map) {
		String sampler = get(SAMPLER);
		String argument = get(SAMPLER_ARG);
		String name = (sampler != null) ? sampler.strip().toLowerCase(Locale.ROOT) : null;
		boolean ratioSampler = "traceidratio".equals(name) || "parentbased_traceidratio".equals(name);
		if (argument != null && !ratioSampler) {
			this.logger.warn(SAMPLER_ARG + " is ignored: it is the ratio of " + SAMPLER
					+ "=traceidratio or parentbased_traceidratio only, and " + SAMPLER + " is "
					+ ((sampler != null) ? "'" + sampler.strip() + "'" : "not set"));
		}
		if (sampler == null || name == null) {
			return;
		}
		switch (name) {
			case "always_on" -> putSampler(map, "1.0", false);
			case "always_off" -> putSampler(map, "0.0", false);
			case "parentbased_always_on" -> putSampler(map, "1.0", true);
			case "parentbased_always_off" -> putSampler(map, "0.0", true);
			case "traceidratio", "parentbased_traceidratio" -> {
				putSampler(map, "1.0", name.startsWith("parentbased_"));
				putFirstOf(map, "sampling-rate", SAMPLER_ARG);
			}
			default -> throw new UnsupportedEnvironmentVariableException(SAMPLER, sampler.strip(),
					"Set it to one of " + String.join(", ", SUPPORTED_SAMPLERS)
							+ " (with OTEL_TRACES_SAMPLER_ARG as the ratio of the traceidratio samplers), or unset it "
							+ "and configure cello.telemetry.sampling-rate and cello.telemetry.sampling.parent-based.");
		}
		if (name.endsWith("always_off")) {
			put(map, "sampling.keep-errors", "false", SAMPLER);
		}
	}

	private void putSampler(Map<String, Object> map, String rate, boolean parentBased) {
		put(map, "sampling-rate", rate, SAMPLER);
		put(map, "sampling.parent-based", Boolean.toString(parentBased), SAMPLER);
	}

	private static boolean isConfigured(ConfigurableEnvironment environment, String property) {
		return Binder.get(environment).bind(PREFIX + property, String.class).isBound();
	}

	private void mapExporter(Map<String, Object> map) {
		String value = get("OTEL_TRACES_EXPORTER");
		if (value == null) {
			return;
		}
		Set<String> exporters = words(value);
		String exporter = exporters.isEmpty() ? "none" : exporters.iterator().next();
		if (exporters.size() > 1) {
			this.logger.warn("OTEL_TRACES_EXPORTER lists several exporters (" + value + "); Cello uses the first, '"
					+ exporter + "'");
		}
		put(map, "exporter", exporter.equals("console") ? "logging" : exporter, "OTEL_TRACES_EXPORTER");
	}

	private void mapPropagators(Map<String, Object> map) {
		String value = get("OTEL_PROPAGATORS");
		if (value == null) {
			return;
		}
		int index = 0;
		for (String propagator : words(value)) {
			String format = switch (propagator) {
				case "tracecontext" -> "w3c";
				case "b3", "b3multi", "jaeger" -> propagator;
				default -> null;
			};
			if (format != null) {
				put(map, "propagation[" + index++ + "]", format, "OTEL_PROPAGATORS");
			}
			else if (!propagator.equals("baggage") && !propagator.equals("none")) {
				this.logger.warn("OTEL_PROPAGATORS names '" + propagator + "', which Cello does not support; ignored");
			}
		}
	}

	private void putFirstOf(Map<String, Object> map, String property, String... variables) {
		for (String variable : variables) {
			String value = get(variable);
			if (value != null) {
				put(map, property, value.strip(), variable);
				return;
			}
		}
	}

	/** Maps a W3C-baggage-like {@code key1=value1,key2=value2} variable onto a map property. */
	private void putKeyValues(Map<String, Object> map, String property, String... variables) {
		for (String variable : variables) {
			String value = get(variable);
			if (value == null) {
				continue;
			}
			for (String pair : value.split(",")) {
				int equals = pair.indexOf('=');
				if (equals <= 0) {
					if (!pair.isBlank()) {
						this.logger.warn(variable + " has an entry without a key=value form; ignored");
					}
					continue;
				}
				String key = pair.substring(0, equals).strip();
				String entryValue = URLDecoder.decode(pair.substring(equals + 1).strip(), StandardCharsets.UTF_8);
				put(map, property + "[" + key + "]", entryValue, variable);
			}
			return;
		}
	}

	private void put(Map<String, Object> map, String property, String value, String variable) {
		map.put(PREFIX + property, OriginTrackedValue.of(value, new SystemEnvironmentOrigin(variable)));
	}

	private @Nullable String get(String variable) {
		String value = this.environmentVariables.apply(variable);
		return (value != null && !value.isBlank()) ? value : null;
	}

	private static Set<String> words(String value) {
		Set<String> words = new LinkedHashSet<>();
		for (String word : value.split(",")) {
			String trimmed = word.strip().toLowerCase(Locale.ROOT);
			if (!trimmed.isEmpty()) {
				words.add(trimmed);
			}
		}
		return words;
	}

}
