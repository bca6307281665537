package io.cello.telemetry.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The resource every span of this process carries: the SDK's own attributes, the host,
 * the configured resource attributes and, last so that it always wins, the service name.
 */
final class TelemetryResource {

	static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

	static final AttributeKey<String> HOST_ARCH = AttributeKey.stringKey("host.arch");

	static final AttributeKey<String> OS_TYPE = AttributeKey.stringKey("os.type");

	private TelemetryResource() {
	}

	static Resource create(@Nullable String serviceName, Map<String, String> attributes) {
		ResourceBuilder builder = Resource.builder()
			.put(HOST_NAME, hostName())
			.put(HOST_ARCH, System.getProperty("os.arch"))
			.put(OS_TYPE, osType());
		attributes.forEach(builder::put);
		builder.put(SERVICE_NAME, serviceName);
		return Resource.getDefault().merge(builder.build());
	}

	private static String hostName() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

	private static String osType() {
		String name = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
		if (name.startsWith("linux")) {
			return "linux";
		}
		if (name.startsWith("windows")) {
			return "windows";
		}
		if (name.startsWith("mac")) {
			return "darwin";
		}
		return name.isEmpty() ? "unknown" : name.replace(' ', '_');
	}

}
