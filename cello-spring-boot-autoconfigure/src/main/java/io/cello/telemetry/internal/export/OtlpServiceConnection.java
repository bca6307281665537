package io.cello.telemetry.internal.export;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.util.ClassUtils;

/**
 * The OTLP endpoint of a service connection: an {@link OtlpTracingConnectionDetails} bean
 * that Spring Boot makes for a collector started by Testcontainers
 * ({@code @ServiceConnection}) or Docker Compose, or that the application defines. Like
 * Spring Boot's own exporter, Cello exports there in place of its configured endpoint.
 * The connection details type comes with Spring Boot's OpenTelemetry tracing module;
 * without it there is no service connection to honour. The details Spring Boot makes from
 * its own {@code management.opentelemetry.*} properties are not a service connection, and
 * Cello does not read those properties.
 */
public final class OtlpServiceConnection {

	private static final String DETAILS = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails";

	private OtlpServiceConnection() {
	}

	/** The service connection's endpoint for the transport, or {@code null} when there is none. */
	public static @Nullable URI endpoint(BeanFactory beans, boolean grpc) {
		if (!ClassUtils.isPresent(DETAILS, OtlpServiceConnection.class.getClassLoader())) {
			return null;
		}
		return Details.endpoint(beans, grpc);
	}

	/** Loaded only when Spring Boot's tracing module is there. */
	private static final class Details {

		static @Nullable URI endpoint(BeanFactory beans, boolean grpc) {
			OtlpTracingConnectionDetails details = beans.getBeanProvider(OtlpTracingConnectionDetails.class)
				.getIfUnique();
			if (details == null || details.getClass().getName().endsWith("$PropertiesOtlpTracingConnectionDetails")) {
				return null;
			}
			return URI.create(details.getUrl(grpc ? Transport.GRPC : Transport.HTTP));
		}

	}

}
