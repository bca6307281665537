package io.cello.demo.e2e;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} checked as far as a machine without a Docker engine allows:
 * it parses, images are pinned, every service, port and file it references exists, the
 * collector configuration names only components that the pinned collector image ships,
 * and Prometheus scrapes exactly the three services.
 */
class DockerComposeTests {

	private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	/** The demo services and the port each listens on. */
	private static final Map<String, Integer> SERVICES = Map.of("api-gateway", 8081, "order-service", 8082,
			"user-service", 8083);

	/**
	 * Components of otel/opentelemetry-collector:0.159.0, from the core distribution's
	 * manifest (open-telemetry/opentelemetry-collector-releases, distributions/otelcol).
	 */
	private static final Map<String, Set<String>> COLLECTOR_COMPONENTS = Map.of("receivers",
			Set.of("otlp", "nop", "hostmetrics", "jaeger", "kafka", "prometheus", "zipkin"), "processors",
			Set.of("batch", "memory_limiter", "attributes", "resource", "span", "probabilistic_sampler", "filter"),
			"exporters",
			Set.of("debug", "nop", "otlp", "otlphttp", "file", "kafka", "prometheus", "prometheusremotewrite",
					"zipkin"),
			"extensions", Set.of("zpages", "health_check", "pprof"), "connectors", Set.of("forward"));

	@Test
	void imagesArePinnedAndEveryReferenceResolves() throws IOException {
		Map<String, Map<String, Object>> services = section(yaml(ROOT.resolve("docker-compose.yml")), "services");
		assertThat(services.keySet()).containsExactlyInAnyOrder("collector", "jaeger", "prometheus", "api-gateway",
				"order-service", "user-service");
		services.forEach((name, service) -> {
			if (service.containsKey("image")) {
				assertThat((String) service.get("image")).as(name).matches("[a-z0-9./-]+:v?[0-9][0-9A-Za-z._-]*");
			}
			else {
				Map<String, Object> build = cast(service.get("build"));
				assertThat(ROOT.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")))
					.as(name)
					.exists();
				Map<String, Object> args = cast(build.get("args"));
				assertThat(args).as(name).containsEntry("SERVICE", name);
				assertThat(ROOT.resolve("sample-microservices").resolve(name).resolve("pom.xml")).exists();
			}
			for (Object dependency : list(service.get("depends_on"))) {
				assertThat(services).as(name + " depends on").containsKey((String) dependency);
			}
			for (Object volume : list(service.get("volumes"))) {
				assertThat(ROOT.resolve(((String) volume).split(":")[0])).as(name + " volume").exists();
			}
		});
		SERVICES.forEach((name, port) -> {
			Map<String, Object> service = services.get(name);
			assertThat(list(service.get("ports"))).as(name).contains(port + ":" + port);
			Map<String, Object> environment = cast(service.get("environment"));
			environment.forEach((key, value) -> {
				if (value.toString().startsWith("http://")) {
					URI uri = URI.create(value.toString());
					assertThat(services).as(key).containsKey(uri.getHost());
					Integer expected = SERVICES.getOrDefault(uri.getHost(), uri.getHost().equals("collector") ? 4317 : -1);
					assertThat(uri.getPort()).as(key).isEqualTo(expected);
				}
			});
		});
	}

	@Test
	void collectorConfigurationUsesOnlyComponentsOfThePinnedImage() throws IOException {
		Map<String, Object> config = yaml(ROOT.resolve("sample-microservices/docker/otel-collector.yaml"));
		for (String kind : List.of("receivers", "processors", "exporters", "extensions", "connectors")) {
			for (String component : section(config, kind).keySet()) {
				assertThat(COLLECTOR_COMPONENTS.get(kind)).as(kind).contains(component.split("/")[0]);
			}
		}
		Map<String, Map<String, Object>> pipelines = section(cast(config.get("service")), "pipelines");
		assertThat(pipelines).containsKey("traces");
		pipelines.forEach((name, pipeline) -> {
			for (String kind : List.of("receivers", "processors", "exporters")) {
				for (Object component : list(pipeline.get(kind))) {
					assertThat(section(config, kind)).as(name + " " + kind).containsKey((String) component);
				}
			}
		});
		Map<String, Object> exporter = cast(section(config, "exporters").get("otlp/jaeger"));
		assertThat(exporter).containsEntry("endpoint", "jaeger:4317");
	}

	@Test
	void prometheusScrapesTheThreeServices() throws Exception {
		Path file = ROOT.resolve("sample-microservices/docker/prometheus.yml");
		Set<String> targets = new TreeSet<>();
		for (Object job : list(yaml(file).get("scrape_configs"))) {
			Map<String, Object> scrape = cast(job);
			assertThat(scrape).containsEntry("metrics_path", "/actuator/prometheus");
			for (Object staticConfig : list(scrape.get("static_configs"))) {
				Map<String, Object> config = cast(staticConfig);
				for (Object target : list(config.get("targets"))) {
					targets.add((String) target);
				}
			}
		}
		Set<String> expected = new TreeSet<>();
		SERVICES.forEach((name, port) -> expected.add(name + ":" + port));
		assertThat(targets).isEqualTo(expected);
		Path promtool = Path.of("/usr/bin/promtool");
		if (Files.exists(promtool)) {
			Process check = new ProcessBuilder(promtool.toString(), "check", "config", file.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(check.getInputStream().readAllBytes());
			assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(check.exitValue()).as(output).isZero();
		}
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
	}

	private static <T> Map<String, T> section(Map<String, Object> map, String key) {
		Object value = map.get(key);
		return (value != null) ? cast(value) : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

	private static List<Object> list(Object value) {
		return (value != null) ? cast(value) : new ArrayList<>();
	}

}
