package io.cello.demo.e2e;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} checked as far as a machine without a Docker engine allows:
 * it parses, images are pinned, every service, port and file it references exists, the
 * collector configuration names only components that the pinned collector image ships,
 * Prometheus scrapes exactly the three services and keeps exemplars, and the Kafka broker
 * is a pinned, health-checked single KRaft node that order-service and user-service wait
 * for and connect to.
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
		assertThat(services.keySet()).containsExactlyInAnyOrder("collector", "jaeger", "prometheus", "kafka",
				"api-gateway", "order-service", "user-service");
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
			for (String dependency : dependencies(service).keySet()) {
				assertThat(services).as(name + " depends on").containsKey(dependency);
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
	void jaegerIsVersion2() throws IOException {
		Map<String, Map<String, Object>> services = section(yaml(ROOT.resolve("docker-compose.yml")), "services");
		assertThat((String) services.get("jaeger").get("image")).matches("jaegertracing/jaeger:2\\.[0-9]+\\.[0-9]+");
		assertThat(list(services.get("jaeger").get("ports"))).contains("16686:16686");
	}

	@Test
	void kafkaIsAPinnedHealthCheckedSingleNodeThatTheServicesWaitFor() throws Exception {
		Map<String, Map<String, Object>> services = section(yaml(ROOT.resolve("docker-compose.yml")), "services");
		Map<String, Object> kafka = services.get("kafka");
		// The same Kafka as the broker that run-demo.sh starts without Docker.
		String version = xmlElement(ROOT.resolve("sample-microservices/kafka-broker/pom.xml"), "kafka.version");
		assertThat(kafka).containsEntry("image", "apache/kafka:" + version);
		Map<String, Object> environment = cast(kafka.get("environment"));
		assertThat(environment).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
			.containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092")
			.containsEntry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
			.containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
			.containsKeys("KAFKA_NODE_ID", "KAFKA_LISTENERS", "KAFKA_CONTROLLER_QUORUM_VOTERS");
		assertThat((String) environment.get("KAFKA_LISTENERS")).contains("PLAINTEXT://:9092", "CONTROLLER://:9093");
		assertThat((String) environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
			.isEqualTo(environment.get("KAFKA_NODE_ID") + "@localhost:9093");
		Map<String, Object> healthcheck = cast(kafka.get("healthcheck"));
		assertThat(healthcheck).as("kafka healthcheck").isNotNull().containsKeys("interval", "retries");
		assertThat(list(healthcheck.get("test")).toString()).contains("--bootstrap-server localhost:9092");
		for (String name : List.of("order-service", "user-service")) {
			Map<String, Object> service = services.get(name);
			Map<String, Object> kafkaDependency = cast(dependencies(service).get("kafka"));
			assertThat(kafkaDependency).as(name + " depends on kafka").containsEntry("condition", "service_healthy");
			Map<String, Object> serviceEnvironment = cast(service.get("environment"));
			assertThat(serviceEnvironment).as(name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
			Path config = ROOT.resolve("sample-microservices").resolve(name).resolve("src/main/resources/application.yml");
			Map<String, Object> springKafka = section(section(yaml(config), "spring"), "kafka");
			assertThat(springKafka).as(name)
				.containsEntry("bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}");
		}
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
		Map<String, Map<String, Object>> services = section(yaml(ROOT.resolve("docker-compose.yml")), "services");
		assertThat(list(services.get("prometheus").get("command"))).contains("--enable-feature=exemplar-storage",
				"--config.file=/etc/prometheus/prometheus.yml");
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

	/** A service's {@code depends_on}, short (a list) or long (a map) form, as a map. */
	private static Map<String, Object> dependencies(Map<String, Object> service) {
		Object dependsOn = service.get("depends_on");
		if (dependsOn instanceof Map<?, ?>) {
			return cast(dependsOn);
		}
		Map<String, Object> dependencies = new LinkedHashMap<>();
		list(dependsOn).forEach((name) -> dependencies.put((String) name, Map.of()));
		return dependencies;
	}

	private static String xmlElement(Path file, String element) throws IOException {
		Matcher matcher = Pattern.compile("<" + Pattern.quote(element) + ">([^<]+)</").matcher(Files.readString(file));
		assertThat(matcher.find()).as(element + " in " + file).isTrue();
		return matcher.group(1).trim();
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
