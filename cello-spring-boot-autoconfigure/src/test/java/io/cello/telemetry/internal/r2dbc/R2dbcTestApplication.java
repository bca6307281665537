package io.cello.telemetry.internal.r2dbc;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.cello.telemetry.testsupport.RecordedSpansConfiguration;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads users through R2DBC from an embedded H2 database: by a bound ID, by a statement
 * full of literal values, and from a table that does not exist.
 */
@SpringBootApplication
@Import(RecordedSpansConfiguration.class)
public class R2dbcTestApplication {

	static String[] properties(String... properties) {
		return Stream.concat(Stream.of("cello.telemetry.service-name=users", "cello.telemetry.exporter=none",
				"spring.r2dbc.url=r2dbc:h2:mem:///userdb?options=DB_CLOSE_DELAY=-1"), Stream.of(properties))
			.toArray(String[]::new);
	}

	@Bean
	ApplicationRunner schema(DatabaseClient database) {
		return (arguments) -> database.sql("CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY, name VARCHAR(64))")
			.then()
			.then(database.sql("MERGE INTO users KEY (id) VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')").then())
			.block();
	}

	@RestController
	static class UserController {

		private final DatabaseClient database;

		UserController(DatabaseClient database) {
			this.database = database;
		}

		@GetMapping("/users/{id}")
		Mono<Map<String, Object>> user(@PathVariable long id) {
			return this.database.sql("SELECT id, name FROM users WHERE id = :id").bind("id", id).fetch().one();
		}

		@GetMapping("/users/search")
		Mono<List<Map<String, Object>>> search() {
			return this.database
				.sql("SELECT id, name FROM users WHERE name = 'alice' OR id > 2 OR id IN (1, 2, 3) OR name = 'o''brien'")
				.fetch()
				.all()
				.collectList();
		}

		@GetMapping("/users/broken")
		Mono<List<Map<String, Object>>> broken() {
			return this.database.sql("SELECT secret FROM missing_table WHERE token = 'abc123'").fetch().all().collectList();
		}

	}

}
