package io.cello.telemetry.internal.propagation;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The service the W3C Trace Context test suite drives: {@code POST /test} receives a list
 * of {@code {"url": ..., "arguments": [...]}} actions and, for each in turn, posts the
 * arguments to the URL through the auto-configured WebClient, which carries the trace
 * context on.
 */
@SpringBootApplication
public class W3cTestServiceApplication {

	@RestController
	static class TestServiceController {

		private final WebClient client;

		TestServiceController(WebClient.Builder builder) {
			this.client = builder.build();
		}

		@PostMapping("/test")
		Mono<Map<String, String>> test(@RequestBody(required = false) List<Map<String, Object>> actions) {
			return Flux.fromIterable((actions != null) ? actions : List.of())
				.concatMap((action) -> this.client.post()
					.uri((String) action.get("url"))
					.bodyValue(action.getOrDefault("arguments", List.of()))
					.retrieve()
					.toBodilessEntity())
				.then(Mono.just(Map.of("status", "ok")));
		}

	}

}
