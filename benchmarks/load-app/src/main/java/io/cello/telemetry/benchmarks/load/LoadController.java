package io.cello.telemetry.benchmarks.load;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code /hello} answers a small JSON body; {@code /chain} fetches {@code /hello} from this
 * same application through the auto-configured {@link WebClient}, so that one request
 * makes two server spans and a client span.
 */
@RestController
class LoadController {

	private static final Greeting GREETING = new Greeting("hello", 42);

	private final WebClient self;

	LoadController(WebClient.Builder builder, @Value("${server.port}") int port) {
		this.self = builder.baseUrl("http://127.0.0.1:" + port).build();
	}

	@GetMapping("/hello")
	Mono<Greeting> hello() {
		return Mono.just(GREETING);
	}

	@GetMapping("/chain")
	Mono<Greeting> chain() {
		return this.self.get().uri("/hello").retrieve().bodyToMono(Greeting.class);
	}

}
