package io.cello.telemetry.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.cello.telemetry.internal.PropertyValue;
import io.cello.telemetry.internal.export.ExporterType;
import io.cello.telemetry.internal.export.OtlpCompression;
import io.cello.telemetry.internal.export.OtlpEndpoints;
import io.cello.telemetry.internal.export.OtlpProtocol;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The rules of {@code cello.telemetry.*}, checked while binding: a bad value stops the
 * application with one message naming the property, the value and what is allowed.
 */
final class CelloTelemetryPropertiesValidator {

	private static final String PATH_PATTERN_PARSER = "org.springframework.web.util.pattern.PathPatternParser";

	private CelloTelemetryPropertiesValidator() {
	}

	static void validate(CelloTelemetryProperties properties, Errors errors) {
		if (!properties.isEnabled()) {
			return;
		}
		if (properties.resolvedServiceName() == null) {
			errors.rejectValue("serviceName", "required",
					"must be set: give cello.telemetry.service-name, spring.application.name or the OTEL_SERVICE_NAME environment variable");
		}
		if (PropertyValue.find(OtlpProtocol.class, properties.getProtocol()) == null) {
			errors.rejectValue("protocol", "invalid", "must be one of " + PropertyValue.allowedValues(OtlpProtocol.class));
		}
		if (PropertyValue.find(OtlpCompression.class, properties.getCompression()) == null) {
			errors.rejectValue("compression", "invalid", "must be one of " + PropertyValue.allowedValues(OtlpCompression.class));
		}
		validateSsl(properties.getSsl(), errors);
		if (PropertyValue.find(ExporterType.class, properties.getExporter()) == null) {
			errors.rejectValue("exporter", "invalid", "must be one of " + PropertyValue.allowedValues(ExporterType.class));
		}
		validateEndpoint("otlpEndpoint", properties.getOtlpEndpoint(), errors);
		validateEndpoint("otlpTracesEndpoint", properties.getOtlpTracesEndpoint(), errors);
		String zipkinProblem = OtlpEndpoints.problemWith(properties.getZipkinEndpoint());
		if (zipkinProblem != null) {
			errors.rejectValue("zipkinEndpoint", "invalid",
					zipkinProblem + "; expected a URL such as http://zipkin:9411/api/v2/spans");
		}
		if (!(properties.getSamplingRate() >= 0.0 && properties.getSamplingRate() <= 1.0)) {
			errors.rejectValue("samplingRate", "range", "must be between 0.0 and 1.0");
		}
		validateSampling(properties.getSampling(), errors);
		validatePropagation(properties.getPropagation(), errors);
		if (properties.getExportTimeout() == null || properties.getExportTimeout().isNegative()
				|| properties.getExportTimeout().isZero()) {
			errors.rejectValue("exportTimeout", "range", "must be a positive duration, such as 10000 (ms) or 10s");
		}
		if (properties.getScheduleDelay() == null || properties.getScheduleDelay().isNegative()
				|| properties.getScheduleDelay().isZero()) {
			errors.rejectValue("scheduleDelay", "range", "must be a positive duration, such as 5000 (ms) or 5s");
		}
		if (properties.getMaxQueueSize() < 1) {
			errors.rejectValue("maxQueueSize", "range", "must be at least 1");
		}
		if (properties.getBatchSize() < 1) {
			errors.rejectValue("batchSize", "range", "must be at least 1");
		}
		else if (properties.getMaxQueueSize() >= 1 && properties.getBatchSize() > properties.getMaxQueueSize()) {
			errors.rejectValue("batchSize", "range",
					"must not exceed cello.telemetry.max-queue-size (" + properties.getMaxQueueSize() + ")");
		}
		if (properties.getMaxConcurrentExports() < 1) {
			errors.rejectValue("maxConcurrentExports", "range", "must be at least 1");
		}
		if (PropertyValue.find(SemconvMode.class, properties.getSemconv()) == null) {
			errors.rejectValue("semconv", "invalid", "must be one of " + PropertyValue.allowedValues(SemconvMode.class));
		}
		if (ClassUtils.isPresent(PATH_PATTERN_PARSER, CelloTelemetryPropertiesValidator.class.getClassLoader())) {
			validateExcludePaths(properties.getExcludePaths(), errors);
		}
		if (!isToken(properties.getRequestId().getHeader())) {
			errors.rejectValue("requestId.header", "invalid", "must be an HTTP header name, such as X-Request-ID");
		}
		properties.getHeaders().forEach((name, value) -> {
			if (name.isBlank() || containsLineBreak(name) || value == null || containsLineBreak(value)) {
				errors.rejectValue("headers", "invalid",
						"header '" + name.strip() + "' must have a name and a value without line breaks");
			}
		});
	}

	private static void validateEndpoint(String field, @Nullable String value, Errors errors) {
		if (value != null) {
			String problem = OtlpEndpoints.problemWith(value);
			if (problem != null) {
				errors.rejectValue(field, "invalid", problem + "; expected " + OtlpEndpoints.ALLOWED);
			}
		}
	}

	private static void validateSsl(CelloTelemetryProperties.Ssl ssl, Errors errors) {
		boolean pemFiles = hasText(ssl.getCertificate()) || hasText(ssl.getClientKey()) || hasText(ssl.getClientCertificate());
		if (hasText(ssl.getBundle()) && pemFiles) {
			errors.rejectValue("ssl.bundle", "conflict",
					"cannot be combined with cello.telemetry.ssl.certificate, client-key or client-certificate (or the "
							+ "OTEL_EXPORTER_OTLP_CERTIFICATE, _CLIENT_KEY and _CLIENT_CERTIFICATE variables): choose "
							+ "either the SSL bundle or the PEM files");
		}
		if (hasText(ssl.getClientKey()) != hasText(ssl.getClientCertificate())) {
			String given = hasText(ssl.getClientKey()) ? "clientKey" : "clientCertificate";
			errors.rejectValue("ssl." + given, "incomplete",
					"is only half of mutual TLS: set both cello.telemetry.ssl.client-key and "
							+ "cello.telemetry.ssl.client-certificate (OTEL_EXPORTER_OTLP_CLIENT_KEY and "
							+ "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE)");
		}
	}

	private static void validateSampling(CelloTelemetryProperties.Sampling sampling, Errors errors) {
		Double perSecond = sampling.getMaxTracesPerSecond();
		if (perSecond != null && !(perSecond > 0 && perSecond < Double.POSITIVE_INFINITY)) {
			errors.rejectValue("sampling.maxTracesPerSecond", "range",
					"must be a number greater than 0, such as 100 or 0.5; leave it unset for no cap");
		}
		Duration slowerThan = sampling.getKeepSlowerThan();
		if (slowerThan != null && (slowerThan.isNegative() || slowerThan.isZero())) {
			errors.rejectValue("sampling.keepSlowerThan", "range",
					"must be a positive duration, such as 500 (ms) or 2s; leave it unset to keep no slow trace");
		}
		if (sampling.getMaxBufferedSpans() < 1) {
			errors.rejectValue("sampling.maxBufferedSpans", "range", "must be at least 1");
		}
	}

	private static void validatePropagation(List<String> formats, Errors errors) {
		if (formats == null || formats.isEmpty()) {
			errors.rejectValue("propagation", "required",
					"must list at least one of " + PropertyValue.allowedValues(PropagationFormat.class));
			return;
		}
		for (String format : formats) {
			if (PropertyValue.find(PropagationFormat.class, format) == null) {
				errors.rejectValue("propagation", "invalid", "'" + format + "' is not one of "
						+ PropertyValue.allowedValues(PropagationFormat.class) + " (several may be listed)");
			}
		}
	}

	private static void validateExcludePaths(List<String> patterns, Errors errors) {
		for (String pattern : patterns) {
			try {
				PathPatternParser.defaultInstance.parse(pattern);
			}
			catch (RuntimeException ex) {
				errors.rejectValue("excludePaths", "invalid",
						"'" + pattern + "' is not a valid path pattern: " + ex.getMessage());
			}
		}
	}

	private static boolean isToken(String value) {
		if (value == null || value.isEmpty()) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
				return false;
			}
		}
		return true;
	}

	@Contract("null -> false")
	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static boolean containsLineBreak(String value) {
		return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
	}

}
