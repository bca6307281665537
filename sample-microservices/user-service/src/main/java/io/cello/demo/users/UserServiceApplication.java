package io.cello.demo.users;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Users, read through R2DBC from an embedded H2 database.
 */
@SpringBootApplication
public class UserServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(UserServiceApplication.class, args);
	}

	@RestController
	static class UserController {

		private final DatabaseClient database;

		UserController(DatabaseClient database) {
			this.database = database;
		}

		@GetMapping("/users/{id}")
		Mono<Map<String, Object>> user(@PathVariable long id) {
			return this.database.sql("SELECT id, name, tier FROM users WHERE id = :id")
				.bind("id", id)
				.fetch()
				.one()
				.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + id)));
		}

	}

}
