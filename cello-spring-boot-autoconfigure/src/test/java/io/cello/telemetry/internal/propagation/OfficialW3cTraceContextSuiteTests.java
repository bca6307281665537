package io.cello.telemetry.internal.propagation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.TestApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the official W3C Trace Context test suite (all levels) against
 * {@link W3cTestServiceApplication}. The suite is not part of this repository: run with
 * {@code -Dw3c.suite.dir=<checkout of w3c/trace-context>} and a Python 3 with aiohttp
 * ({@code -Dw3c.python=...}, default {@code python3}). Every rule it checks is also
 * tested in the build by {@link W3cTraceContextRulesTests}.
 */
@EnabledIfSystemProperty(named = "w3c.suite.dir", matches = ".+")
class OfficialW3cTraceContextSuiteTests {

	@Test
	void passesEveryTestOfTheSuite() throws Exception {
		Path suite = Path.of(System.getProperty("w3c.suite.dir"), "test");
		try (ConfigurableApplicationContext app = TestApplications.builder(W3cTestServiceApplication.class,
					"cello.telemetry.service-name=w3c-test",
					"cello.telemetry.exporter=none")
			.run()) {
			int port = LocalServer.port(app);
			File output = Files.createTempFile("w3c-suite", ".log").toFile();
			ProcessBuilder command = new ProcessBuilder(System.getProperty("w3c.python", "python3"), "test.py",
					"http://127.0.0.1:" + port + "/test");
			// Every level: Trace Context Level 2 tests included, strictest checks on.
			command.environment().put("SPEC_LEVEL", "2");
			command.environment().put("STRICT_LEVEL", "2");
			Process python = command.directory(suite.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output)
				.start();
			assertThat(python.waitFor(5, TimeUnit.MINUTES)).isTrue();
			String log = Files.readString(output.toPath());
			System.out.println(log);
			assertThat(log).contains("Ran 41 tests").contains("\nOK\n").doesNotContain("skipped");
			assertThat(python.exitValue()).as(log).isZero();
		}
	}

}
