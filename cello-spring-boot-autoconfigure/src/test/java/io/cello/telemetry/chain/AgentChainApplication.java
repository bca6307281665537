package io.cello.telemetry.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A plain WebFlux application, without Cello, that {@link PropagationInteropAgentTests}
 * runs in its own JVM under the OpenTelemetry Java agent. {@code GET /chain?next=<url>}
 * calls {@code <url>/chain} through a {@link WebClient} and answers with its body;
 * {@code GET /chain} without {@code next} answers with the request headers it received,
 * names in lower case, as JSON.
 * <p>
 * It writes the port it listens on to the file named by {@code --port-file} once the
 * server is up, and stops when the JVM that started it ends. It is no
 * {@code @Configuration}, so that {@link ChainTestApplication}'s component scan of this
 * package leaves it out.
 */
@EnableAutoConfiguration
public class AgentChainApplication {

	public static void main(String[] args) {
		// Not outliving the test's JVM, however that ends.
		ProcessHandle.current()
			.parent()
			.ifPresent((test) -> test.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
		SpringApplication application = new SpringApplication(AgentChainApplication.class);
		application.addListeners(portFileWriter());
		application.run(args);
	}

	private static ApplicationListener<WebServerInitializedEvent> portFileWriter() {
		return (event) -> {
			Path portFile = Path.of(event.getApplicationContext().getEnvironment().getRequiredProperty("port-file"));
			try {
				Path written = Files.writeString(Files.createTempFile(portFile.getParent(), "port", ".tmp"),
						Integer.toString(event.getWebServer().getPort()));
				Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	@Bean
	RouterFunction<ServerResponse> chain(WebClient.Builder builder) {
		WebClient client = builder.build();
		return RouterFunctions.route()
			.GET("/chain", (request) -> request.queryParam("next")
				.map((next) -> client.get()
					.uri(next + "/chain")
					.retrieve()
					.bodyToMono(String.class)
					.flatMap((body) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body)))
				.orElseGet(() -> {
					Map<String, String> received = new TreeMap<>();
					request.headers()
						.asHttpHeaders()
						.forEach((name, values) -> received.put(name.toLowerCase(), values.get(0)));
					return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(received);
				}))
			.build();
	}

}
