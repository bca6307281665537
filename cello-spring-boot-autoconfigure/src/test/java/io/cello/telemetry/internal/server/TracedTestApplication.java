package io.cello.telemetry.internal.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.cello.telemetry.internal.logging.CorrelationMdc;
import io.cello.telemetry.testsupport.RecordedSpansConfiguration;
import io.cello.telemetry.testsupport.TestApplications;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import reactor.core.publisher.Flux;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * A small WebFlux application traced by Cello, with the endpoints the server tests need.
 */
@SpringBootApplication
@Import(RecordedSpansConfiguration.class)
public class TracedTestApplication {

	/** Starts the application on a free port of 127.0.0.1, exporting nothing, with the given properties. */
	public static ConfigurableApplicationContext start(String... properties) {
		return TestApplications.start(TracedTestApplication.class, properties(properties));
	}

	/** The application's defaults (service {@code orders}, exporting nothing), then {@code properties}. */
	public static String[] properties(String... properties) {
		return Stream.concat(Stream.of("cello.telemetry.service-name=orders", "cello.telemetry.exporter=none"),
				Stream.of(properties))
			.toArray(String[]::new);
	}

	@Bean
	RouterFunction<ServerResponse> functionalRoutes() {
		return RouterFunctions.route()
			.GET("/fn/items/{id}", (request) -> ServerResponse.ok().bodyValue(Map.of("id", request.pathVariable("id"))))
			.build();
	}

	@RestController
	static class TestController {

		private static final Logger logger = LoggerFactory.getLogger(TestController.class);

		private final Tracer tracer;

		private final ObservationRegistry observations;

		private final WebClient.Builder webClient;

		private final Environment environment;

		TestController(Tracer tracer, ObjectProvider<ObservationRegistry> observations, WebClient.Builder webClient,
				Environment environment) {
			this.tracer = tracer;
			this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
			this.webClient = webClient;
			this.environment = environment;
		}

		/** Calls this application's own {@code /users/{id}} through the auto-configured WebClient. */
		@GetMapping("/call/users/{id}")
		Mono<String> callUser(@PathVariable String id) {
			String port = this.environment.getRequiredProperty("local.server.port");
			return this.webClient.build()
				.get()
				.uri("http://127.0.0.1:" + port + "/users/{id}", id)
				.retrieve()
				.bodyToMono(String.class);
		}

		/** A Micrometer observation in handler code, after a thread hop. */
		@GetMapping("/observed/{id}")
		Mono<String> observed(@PathVariable String id) {
			return Mono.just(id)
				.publishOn(Schedulers.boundedElastic())
				.map((value) -> Observation.createNotStarted("inventory.check", this.observations)
					.observe(() -> "checked " + value));
		}

		@GetMapping("/users/{id}")
		Mono<Map<String, String>> user(@PathVariable String id) {
			return Mono.just(Map.of("id", id, "name", "Ada"));
		}

		@PostMapping("/echo")
		Mono<String> echo(@RequestBody String body) {
			return Mono.just(body);
		}

		/** What a handler sees when it runs as the request body arrives, after subscription. */
		@PostMapping("/body-context")
		Map<String, String> bodyContext(@RequestBody String body) {
			Map<String, String> seen = new LinkedHashMap<>();
			seen.put("span", Span.current().getSpanContext().getSpanId());
			seen.put(CorrelationMdc.REQUEST_ID, String.valueOf(MDC.get(CorrelationMdc.REQUEST_ID)));
			return seen;
		}

		@GetMapping("/fail")
		Mono<String> fail() {
			return Mono.error(new IllegalStateException("payment declined"));
		}

		/** Answers after {@code millis} milliseconds. */
		@GetMapping("/slow/{millis}")
		Mono<String> slow(@PathVariable long millis) {
			return Mono.delay(Duration.ofMillis(millis)).thenReturn("done");
		}

		@GetMapping("/missing/{id}")
		Mono<String> missing(@PathVariable String id) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no such thing"));
		}

		@GetMapping("/unavailable")
		Mono<String> unavailable() {
			return Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE));
		}

		/** A response with its own Server-Timing header. */
		@GetMapping("/timed")
		ResponseEntity<String> timed() {
			return ResponseEntity.ok().header("Server-Timing", "db;dur=53").body("timed");
		}

		/** Logs one line, after a thread hop. */
		@GetMapping("/log/{id}")
		Mono<String> log(@PathVariable String id) {
			return Mono.just(id).publishOn(Schedulers.boundedElastic()).map((value) -> {
				logger.info("handled {}", value);
				return value;
			});
		}

		/** The correlation IDs in the MDC after a thread hop. */
		@GetMapping("/mdc/{id}")
		Mono<Map<String, String>> mdc(@PathVariable String id) {
			return Mono.just(id).publishOn(Schedulers.boundedElastic()).map((ignored) -> {
				Map<String, String> ids = new LinkedHashMap<>();
				ids.put(CorrelationMdc.REQUEST_ID, String.valueOf(MDC.get(CorrelationMdc.REQUEST_ID)));
				ids.put(CorrelationMdc.TRACE_ID, String.valueOf(MDC.get(CorrelationMdc.TRACE_ID)));
				return ids;
			});
		}

		/** What handler code sees as the current span, before and after thread hops. */
		@GetMapping("/hops/{id}")
		Mono<Map<String, String>> hops(@PathVariable String id) {
			Map<String, String> seen = new LinkedHashMap<>();
			seen.put("subscribe", Span.current().getSpanContext().getSpanId());
			return Mono.just(id)
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((ignored) -> seen.put("publishOn", Span.current().getSpanContext().getSpanId()))
				.flatMap((value) -> Mono.fromCallable(() -> value).subscribeOn(Schedulers.parallel()))
				.doOnNext((ignored) -> seen.put("flatMap", Span.current().getSpanContext().getSpanId()))
				.flatMapMany((value) -> Flux.just(value).delayElements(Duration.ofMillis(5)))
				.doOnNext((ignored) -> seen.put("delayElements", Span.current().getSpanContext().getSpanId()))
				.map((value) -> {
					Span custom = this.tracer.spanBuilder("load-user").startSpan();
					seen.put("custom", custom.getSpanContext().getSpanId());
					custom.end();
					seen.put("thread", Thread.currentThread().getName());
					return seen;
				})
				.last();
		}

	}

}
