package io.cello.telemetry.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated at build time, which IDEs read to complete and
 * document {@code cello.telemetry.*}, lists every property with a description.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsListedWithADescription() throws Exception {
		Map<String, JsonNode> listed = listedProperties();
		List<String> expected = new ArrayList<>();
		for (var descriptor : BeanUtils.getPropertyDescriptors(CelloTelemetryProperties.class)) {
			if (descriptor.getWriteMethod() != null && descriptor.getReadMethod() != null) {
				expected.add("cello.telemetry." + kebab(descriptor.getName()));
			}
		}

		expected.add("cello.telemetry.request-id.enabled");
		expected.add("cello.telemetry.request-id.header");
		expected.add("cello.telemetry.sampling.max-traces-per-second");
		expected.add("cello.telemetry.sampling.parent-based");
		expected.add("cello.telemetry.sampling.keep-errors");
		expected.add("cello.telemetry.sampling.keep-slower-than");
		expected.add("cello.telemetry.sampling.max-buffered-spans");
		expected.add("cello.telemetry.ssl.bundle");
		expected.add("cello.telemetry.ssl.certificate");
		expected.add("cello.telemetry.ssl.client-key");
		expected.add("cello.telemetry.ssl.client-certificate");
		expected.add("cello.telemetry.kafka.enabled");
		expected.add("cello.telemetry.r2dbc.enabled");

		assertThat(expected).hasSize(35);
		assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(listed.values()).allSatisfy((property) -> assertThat(property.path("description").asString())
			.as(property.path("name").asString())
			.isNotBlank());
		assertThat(listed.get("cello.telemetry.sampling-rate").path("defaultValue").asDouble()).isEqualTo(1.0);
		assertThat(listed.get("cello.telemetry.batch-size").path("defaultValue").asInt()).isEqualTo(512);
		assertThat(listed.get("cello.telemetry.max-concurrent-exports").path("defaultValue").asInt()).isEqualTo(2);
		assertThat(listed.get("cello.telemetry.sampling.keep-errors").path("defaultValue").asBoolean(false)).isTrue();
		assertThat(listed.get("cello.telemetry.sampling.parent-based").path("defaultValue").asBoolean(false)).isTrue();
		assertThat(listed.get("cello.telemetry.otlp-traces-endpoint").path("description").asString())
			.contains("used as given");
		assertThat(listed.get("cello.telemetry.sampling.max-buffered-spans").path("defaultValue").asInt()).isEqualTo(2048);
		assertThat(listed.get("cello.telemetry.trace-response").path("defaultValue").asBoolean(false)).isTrue();
		assertThat(listed.get("cello.telemetry.kafka.enabled").path("defaultValue").asBoolean(false)).isTrue();
		assertThat(listed.get("cello.telemetry.r2dbc.enabled").path("defaultValue").asBoolean(false)).isTrue();
		assertThat(listed.get("cello.telemetry.server-timing").path("defaultValue").asBoolean(true)).isFalse();
		assertThat(listed.get("cello.telemetry.compression").path("defaultValue").asString()).isEqualTo("none");
		assertThat(listed.get("cello.telemetry.propagation").path("defaultValue").get(0).asString()).isEqualTo("w3c");
	}

	private static Map<String, JsonNode> listedProperties() throws Exception {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("cello.")) {
						properties.put(name, property);
					}
				}
			}
		}
		return properties;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
	}

}
