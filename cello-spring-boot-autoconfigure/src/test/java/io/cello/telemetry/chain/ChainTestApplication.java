package io.cello.telemetry.chain;

import java.util.Map;

import io.cello.telemetry.testsupport.RecordedSpansConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One link of a chain of services: {@code GET /chain} logs a line from another thread,
 * then calls the next service's {@code /chain} through the auto-configured WebClient, if
 * there is a next one.
 */
@SpringBootApplication
@Import(RecordedSpansConfiguration.class)
public class ChainTestApplication {

	@RestController
	static class ChainController {

		private static final Logger logger = LoggerFactory.getLogger(ChainController.class);

		private final WebClient next;

		private final String name;

		ChainController(WebClient.Builder builder, @Value("${chain.next:}") String next,
				@Value("${cello.telemetry.service-name}") String name) {
			this.next = next.isEmpty() ? null : builder.baseUrl(next).build();
			this.name = name;
		}

		@GetMapping("/chain")
		Mono<Map<String, String>> chain() {
			Mono<String> downstream = (this.next != null)
					? this.next.get().uri("/chain").exchangeToMono((response) -> {
						logger.info("chain-response {}", this.name);
						return response.bodyToMono(String.class);
					}) : Mono.just("end");
			return Mono.just(this.name)
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((service) -> logger.info("chain-hop {}", service))
				.flatMap((service) -> downstream)
				.doOnNext((body) -> logger.info("chain-back {}", this.name))
				.map((body) -> Map.of("service", this.name, "downstream", body));
		}

		@GetMapping("/fail")
		Mono<String> fail() {
			return Mono.error(new IllegalStateException("boom"));
		}

	}

}
