package io.cello.telemetry.internal.r2dbc;

import java.util.List;

import io.cello.telemetry.internal.context.OpenTelemetryContextAccessor;
import io.cello.telemetry.internal.http.SemconvAttribute;
import io.cello.telemetry.internal.http.SemconvMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

import static io.cello.telemetry.internal.http.SemconvAttribute.number;
import static io.cello.telemetry.internal.http.SemconvAttribute.string;

/**
 * Gives every statement an R2DBC connection factory executes a CLIENT span, a child of the
 * context of the code that runs it, named {@code {db.operation} {db.name}.{table}} (as much
 * of it as the statement tells), with the statement stripped of literal values.
 * <p>
 * Attributes: the names the tracing guides use ({@code db.system}, {@code db.name},
 * {@code db.statement}, {@code db.operation}, {@code db.sql.table}) under
 * {@code semconv: cello}, OpenTelemetry's current database names ({@code db.system.name},
 * {@code db.namespace}, {@code db.query.text}, {@code db.operation.name},
 * {@code db.collection.name}) under {@code stable}; {@code server.address} and
 * {@code server.port} in every mode.
 */
public final class R2dbcQueryTracing implements ProxyExecutionListener {

	static final SemconvAttribute<String> SYSTEM = string("db.system", "db.system.name");

	static final SemconvAttribute<String> NAME = string("db.name", "db.namespace");

	static final SemconvAttribute<String> STATEMENT = string("db.statement", "db.query.text");

	static final SemconvAttribute<String> OPERATION = string("db.operation", "db.operation.name");

	static final SemconvAttribute<String> TABLE = string("db.sql.table", "db.collection.name");

	static final SemconvAttribute<String> SERVER_ADDRESS = string("server.address");

	static final SemconvAttribute<Long> SERVER_PORT = number("server.port", "server.port");

	private final Tracer tracer;

	private final Database database;

	private final SemconvMode semconv;

	R2dbcQueryTracing(Tracer tracer, Database database, SemconvMode semconv) {
		this.tracer = tracer;
		this.database = database;
		this.semconv = semconv;
	}

	public static R2dbcQueryTracing of(Tracer tracer, io.r2dbc.spi.ConnectionFactory connectionFactory,
			SemconvMode semconv) {
		return new R2dbcQueryTracing(tracer, Database.of(connectionFactory), semconv);
	}

	@Override
	public void beforeQuery(QueryExecutionInfo execution) {
		SqlStatement statement = statementOf(execution.getQueries());
		SpanBuilder builder = this.tracer.spanBuilder(spanName(statement))
			.setSpanKind(SpanKind.CLIENT)
			.setParent(parentOf(execution));
		setAttributes(builder, statement);
		execution.getValueStore().put(Span.class, builder.startSpan());
	}

	@Override
	public void afterQuery(QueryExecutionInfo execution) {
		Span span = execution.getValueStore().get(Span.class, Span.class);
		if (span == null) {
			return;
		}
		Throwable error = execution.getThrowable();
		if (error != null) {
			span.setStatus(StatusCode.ERROR);
			span.recordException(error);
		}
		span.end();
	}

	/** The context of the subscriber that runs the statement, else the one current here. */
	private static Context parentOf(QueryExecutionInfo execution) {
		ContextView subscriber = execution.getValueStore().get(ContextView.class, ContextView.class);
		if (subscriber != null) {
			Object context = subscriber.getOrDefault(OpenTelemetryContextAccessor.KEY, null);
			if (context instanceof Context otel) {
				return otel;
			}
		}
		return Context.current();
	}

	/** One statement, or a batch's statements one per line; the operation and table are the first one's. */
	private static SqlStatement statementOf(List<QueryInfo> queries) {
		if (queries.size() == 1) {
			return SqlStatement.of(queries.get(0).getQuery());
		}
		StringBuilder text = new StringBuilder();
		SqlStatement first = null;
		for (QueryInfo query : queries) {
			SqlStatement statement = SqlStatement.of(query.getQuery());
			if (first == null) {
				first = statement;
			}
			else {
				text.append(";\n");
			}
			text.append(statement.text());
		}
		return (first != null) ? new SqlStatement(text.toString(), first.operation(), first.table())
				: new SqlStatement("", null, null);
	}

	private String spanName(SqlStatement statement) {
		String operation = statement.operation();
		String table = statement.table();
		String name = this.database.name();
		if (operation == null) {
			return (name != null) ? name : this.database.system();
		}
		if (table == null) {
			return operation;
		}
		return operation + " " + ((name != null) ? name + "." + table : table);
	}

	private void setAttributes(SpanBuilder span, SqlStatement statement) {
		SYSTEM.set(span, this.semconv, this.database.system());
		NAME.set(span, this.semconv, this.database.name());
		STATEMENT.set(span, this.semconv, statement.text());
		OPERATION.set(span, this.semconv, statement.operation());
		TABLE.set(span, this.semconv, statement.table());
		SERVER_ADDRESS.set(span, this.semconv, this.database.host());
		Integer port = this.database.port();
		SERVER_PORT.set(span, this.semconv, (port != null) ? port.longValue() : null);
	}

}
