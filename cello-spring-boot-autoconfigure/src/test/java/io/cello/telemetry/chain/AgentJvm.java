package io.cello.telemetry.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * An {@link AgentChainApplication} in a JVM of its own under the OpenTelemetry Java agent
 * (the jar named by the {@code opentelemetry.javaagent.jar} system property, which the
 * build sets), on a free port of 127.0.0.1, exporting its spans over OTLP/HTTP. Its
 * output goes to a file, kept for failure reports.
 */
final class AgentJvm implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path output;

	private final Path portFile;

	private AgentJvm(String name, Process process, Path output, Path portFile) {
		this.name = name;
		this.process = process;
		this.output = output;
		this.portFile = portFile;
	}

	/**
	 * Starts the JVM; {@link #awaitPort()} waits until it serves.
	 * @param serviceName the agent's {@code otel.service.name}
	 * @param propagators the agent's {@code otel.propagators}
	 * @param otlpEndpoint where the agent exports spans, over HTTP/protobuf
	 * @param directory where the output and port files go
	 */
	static AgentJvm start(String serviceName, String propagators, String otlpEndpoint, Path directory) {
		String agent = System.getProperty("opentelemetry.javaagent.jar");
		if (agent == null || !Files.isRegularFile(Path.of(agent))) {
			throw new IllegalStateException("No OpenTelemetry Java agent at opentelemetry.javaagent.jar=" + agent
					+ "; the build copies it into target/ (mvn process-test-resources)");
		}
		Path output = directory.resolve(serviceName + ".log");
		Path portFile = directory.resolve(serviceName + ".port");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-javaagent:" + agent);
		// The agent's and Spring's start-up dominate the test's time; C1 alone shortens it.
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Dotel.service.name=" + serviceName);
		command.add("-Dotel.propagators=" + propagators);
		command.add("-Dotel.traces.exporter=otlp");
		command.add("-Dotel.exporter.otlp.protocol=http/protobuf");
		command.add("-Dotel.exporter.otlp.endpoint=" + otlpEndpoint);
		command.add("-Dotel.bsp.schedule.delay=100");
		command.add("-Dotel.metrics.exporter=none");
		command.add("-Dotel.logs.exporter=none");
		command.add("-cp");
		command.add(testClassPath());
		command.add(AgentChainApplication.class.getName());
		command.add("--server.port=0");
		command.add("--server.address=127.0.0.1");
		command.add("--spring.application.name=" + serviceName);
		command.add("--cello.telemetry.enabled=false");
		command.add("--management.tracing.enabled=false");
		command.add("--port-file=" + portFile);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		// Only what the command line says configures the agent.
		builder.environment().keySet().removeIf((variable) -> variable.startsWith("OTEL_"));
		try {
			return new AgentJvm(serviceName, builder.start(), output, portFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String testClassPath() {
		// Surefire starts the tests' JVM from a manifest-only jar and names the real class path here.
		String classPath = System.getProperty("surefire.test.class.path");
		return (classPath != null) ? classPath : System.getProperty("java.class.path");
	}

	/** Waits until the application serves, and returns its base URL. */
	String awaitPort() {
		String port = Awaitility.await("port of " + this.name)
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							this.name + " exited with " + this.process.exitValue() + ":\n" + output());
				}
				return Files.exists(this.portFile) ? Files.readString(this.portFile) : null;
			}, (read) -> read != null);
		return "http://127.0.0.1:" + port;
	}

	/** What the JVM has written to standard output and error so far. */
	String output() {
		try {
			return Files.exists(this.output) ? Files.readString(this.output) : "";
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex + ")";
		}
	}

	String name() {
		return this.name;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
