package io.cello.telemetry.internal.r2dbc;

import java.util.List;

import io.cello.telemetry.testsupport.LocalServer;
import io.cello.telemetry.testsupport.RecordedSpans;
import io.cello.telemetry.testsupport.TestApplications;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database spans of R2DBC statements on an embedded H2 database, with Spring Boot's own
 * R2DBC observation (Actuator) on the classpath too.
 */
class R2dbcTracingTests {

	private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

	private static final AttributeKey<String> DB_NAME = AttributeKey.stringKey("db.name");

	private static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");

	private static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");

	private static final AttributeKey<String> DB_SQL_TABLE = AttributeKey.stringKey("db.sql.table");

	private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

	private static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");

	private static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");

	private static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");

	private static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");

	private RecordedSpans spans;

	private WebTestClient client;

	private ConfigurableApplicationContext use(String... properties) {
		ConfigurableApplicationContext context = TestApplications.shared(R2dbcTestApplication.class,
				R2dbcTestApplication.properties(properties));
		this.spans = context.getBean(RecordedSpans.class);
		this.spans.reset();
		this.client = LocalServer.client(context);
		return context;
	}

	@Test
	void aStatementIsAClientSpanUnderTheRequestWithTheDatabaseAttributes() {
		use();
		this.client.get().uri("/users/2").exchange().expectStatus().isOk();

		SpanData server = this.spans.serverSpan("/users/2");
		SpanData query = onlyDatabaseSpan();
		assertThat(query.getName()).isEqualTo("SELECT userdb.users");
		assertThat(query.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(query.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(query.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(query.getAttributes().get(DB_SYSTEM)).isEqualTo("h2");
		assertThat(query.getAttributes().get(DB_NAME)).isEqualTo("userdb");
		assertThat(query.getAttributes().get(DB_OPERATION)).isEqualTo("SELECT");
		assertThat(query.getAttributes().get(DB_SQL_TABLE)).isEqualTo("users");
		assertThat(query.getAttributes().get(DB_STATEMENT)).isEqualTo("SELECT id, name FROM users WHERE id = $1");
		assertThat(query.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void literalValuesNeverReachTheStatement() {
		use();
		this.client.get().uri("/users/search").exchange().expectStatus().isOk();

		SpanData query = onlyDatabaseSpan();
		assertThat(query.getAttributes().get(DB_STATEMENT))
			.isEqualTo("SELECT id, name FROM users WHERE name = ? OR id > ? OR id IN (?) OR name = ?");
		assertThat(query.getAttributes().get(DB_STATEMENT)).doesNotContainPattern("[0-9']");
		assertThat(query.getAttributes().asMap().values())
			.noneMatch((value) -> value.toString().contains("alice") || value.toString().contains("brien"));
	}

	@Test
	void aFailedStatementMarksItsSpanAsError() {
		use();
		this.client.get().uri("/users/broken").exchange().expectStatus().is5xxServerError();

		SpanData query = onlyDatabaseSpan();
		assertThat(query.getName()).isEqualTo("SELECT userdb.missing_table");
		assertThat(query.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(query.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(query.getAttributes().get(DB_STATEMENT))
			.isEqualTo("SELECT secret FROM missing_table WHERE token = ?");
	}

	@Test
	void stableSemanticConventionsUseTheCurrentDatabaseNames() {
		use("cello.telemetry.semconv=stable");
		this.client.get().uri("/users/1").exchange().expectStatus().isOk();

		SpanData query = onlyDatabaseSpan();
		assertThat(query.getAttributes().get(DB_SYSTEM_NAME)).isEqualTo("h2");
		assertThat(query.getAttributes().get(DB_NAMESPACE)).isEqualTo("userdb");
		assertThat(query.getAttributes().get(DB_OPERATION_NAME)).isEqualTo("SELECT");
		assertThat(query.getAttributes().get(DB_COLLECTION_NAME)).isEqualTo("users");
		assertThat(query.getAttributes().get(DB_QUERY_TEXT)).isEqualTo("SELECT id, name FROM users WHERE id = $1");
		assertThat(query.getAttributes().get(DB_STATEMENT)).isNull();
		assertThat(query.getAttributes().get(DB_SYSTEM)).isNull();
	}

	@Test
	void statementsAreNotTracedWhenR2dbcSpansAreOff() {
		use("cello.telemetry.r2dbc.enabled=false");
		this.client.get().uri("/users/3").exchange().expectStatus().isOk();

		this.spans.serverSpan("/users/3");
		assertThat(this.spans.all()).noneMatch((span) -> span.getAttributes().get(DB_SYSTEM) != null)
			.noneMatch((span) -> span.getKind() == SpanKind.CLIENT
					&& span.getAttributes().get(DB_STATEMENT) != null);
	}

	/** The one span of the request's statement: Spring Boot's R2DBC observation makes no second one. */
	private SpanData onlyDatabaseSpan() {
		List<SpanData> server = this.spans.await(1, (span) -> span.getKind() == SpanKind.SERVER);
		assertThat(server).hasSize(1);
		List<SpanData> others = this.spans.all().stream().filter((span) -> span.getKind() != SpanKind.SERVER).toList();
		assertThat(others).hasSize(1);
		return others.get(0);
	}

}
