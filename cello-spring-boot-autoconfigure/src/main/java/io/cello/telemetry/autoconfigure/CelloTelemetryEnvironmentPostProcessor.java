package io.cello.telemetry.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the lowest-precedence property sources Cello relies on:
 * <ul>
 * <li>the standard {@code OTEL_*} environment variables, mapped onto
 * {@code cello.telemetry.*} so that a compose file written for any OpenTelemetry
 * application configures Cello too (explicit {@code cello.telemetry.*} values win, and
 * a bad variable is reported under its own name; {@code OTEL_SERVICE_NAME} is read by
 * {@link CelloTelemetryProperties} itself, after {@code spring.application.name});</li>
 * <li>a {@code logging.pattern.correlation} that shows the trace ID, span ID and request
 * ID in every log line;</li>
 * <li>the Actuator settings of {@link #ACTUATOR_DEFAULTS}, unless
 * {@code cello.telemetry.actuator-defaults} is false;</li>
 * </ul>
 * each unless the application configured the same property itself.
 */
public class CelloTelemetryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ENVIRONMENT_VARIABLES_SOURCE = "celloTelemetryOtelEnvironmentVariables";

	static final String DEFAULTS_SOURCE = "celloTelemetryDefaults";

	private static final String PREFIX = "cello.telemetry.";

	/**
	 * Health and Prometheus endpoints exposed, with probes and details; histogram buckets
	 * (which carry trace exemplars) for HTTP server and client requests; and those
	 * requests timed by Cello's filters rather than by an observation each
	 * ({@link CelloHttpMetricsAutoConfiguration}).
	 */
	static final Map<String, Object> ACTUATOR_DEFAULTS = Map.of("management.endpoints.web.exposure.include",
			"health,prometheus", "management.endpoint.health.probes.enabled", "true",
			"management.endpoint.health.show-details", "always",
			"management.metrics.distribution.percentiles-histogram.http.server.requests", "true",
			"management.metrics.distribution.percentiles-histogram.http.client.requests", "true",
			"management.observations.enable.http.server.requests", "false",
			"management.observations.enable.http.client.requests", "false");

	/** Shown in every log line by Spring Boot's default log patterns. */
	static final String CORRELATION_PATTERN = "[%X{trace_id:-},%X{span_id:-},%X{request_id:-}] ";

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
		Map<String, Object> fallbacks = mapEnvironmentVariables();
		if (!fallbacks.isEmpty()) {
			environment.getPropertySources()
				.addLast(new OriginTrackedMapPropertySource(ENVIRONMENT_VARIABLES_SOURCE, fallbacks));
		}
		if (environment.getProperty(PREFIX + "enabled", Boolean.class, true)) {
			Map<String, Object> defaults = new LinkedHashMap<>();
			defaults.put("logging.pattern.correlation", CORRELATION_PATTERN);
			if (environment.getProperty(PREFIX + "actuator-defaults", Boolean.class, true)) {
				defaults.putAll(ACTUATOR_DEFAULTS);
			}
			environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE, defaults));
		}
	}

	private Map<String, Object> mapEnvironmentVariables() {
		Map<String, Object> map = new LinkedHashMap<>();
		String disabled = get("OTEL_SDK_DISABLED");
		if (disabled != null) {
			put(map, "enabled", Boolean.toString(!"true".equalsIgnoreCase(disabled.strip())), "OTEL_SDK_DISABLED");
		}
		putFirstOf(map, "otlp-endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT");
		putFirstOf(map, "protocol", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
		putKeyValues(map, "headers", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
		putFirstOf(map, "compression", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION");
		putFirstOf(map, "ssl.certificate", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE");
		putFirstOf(map, "ssl.client-key", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY");
		putFirstOf(map, "ssl.client-certificate", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE",
				"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE");
		putKeyValues(map, "resource-attributes", "OTEL_RESOURCE_ATTRIBUTES");
		putFirstOf(map, "zipkin-endpoint", "OTEL_EXPORTER_ZIPKIN_ENDPOINT");
		putFirstOf(map, "sampling-rate", "OTEL_TRACES_SAMPLER_ARG");
		putFirstOf(map, "export-timeout", "OTEL_BSP_EXPORT_TIMEOUT");
		putFirstOf(map, "schedule-delay", "OTEL_BSP_SCHEDULE_DELAY");
		putFirstOf(map, "batch-size", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
		putFirstOf(map, "max-queue-size", "OTEL_BSP_MAX_QUEUE_SIZE");
		putFirstOf(map, "max-concurrent-exports", "OTEL_BSP_MAX_CONCURRENT_EXPORTS");
		mapExporter(map);
		mapPropagators(map);
		return map;
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

	private String get(String variable) {
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
