package io.cello.telemetry.internal.r2dbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "SELECT * FROM users WHERE name = 'alice'|SELECT * FROM users WHERE name = ?",
			"SELECT * FROM users WHERE id = 42 AND score > -1.5e3|SELECT * FROM users WHERE id = ? AND score > -?",
			"SELECT * FROM t WHERE id IN (1, 2, 3)|SELECT * FROM t WHERE id IN (?)",
			"SELECT * FROM t WHERE name IN ('a','b')|SELECT * FROM t WHERE name IN (?)",
			"SELECT * FROM t WHERE a = 'it''s' AND b = 'x\\'y'|SELECT * FROM t WHERE a = ? AND b = ?",
			"SELECT * FROM t WHERE id = $1 AND n = :name AND m = ? AND k = @p1|SELECT * FROM t WHERE id = $1 AND n = :name AND m = ? AND k = @p1",
			"SELECT col1, t2.x FROM table2 t2|SELECT col1, t2.x FROM table2 t2",
			"SELECT \"Name\" FROM \"Users\" WHERE x = 0x1F|SELECT \"Name\" FROM \"Users\" WHERE x = ?",
			"INSERT INTO logs VALUES ($$secret$$, $tag$ more $tag$)|INSERT INTO logs VALUES (?, ?)",
			"SELECT * FROM t WHERE n = N'unicode' AND b = X'0F'|SELECT * FROM t WHERE n = ? AND b = ?",
			"SELECT * FROM t WHERE s = 'unterminated|SELECT * FROM t WHERE s = ?" })
	void literalValuesAreReplaced(String sql, String expected) {
		assertThat(SqlStatement.of(sql).text()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-",
			value = { "SELECT id FROM users WHERE id = ?|SELECT|users", "select id from app.users|SELECT|app.users",
					"INSERT INTO orders (id) VALUES (1)|INSERT|orders", "UPDATE orders SET a = 1|UPDATE|orders",
					"DELETE FROM orders WHERE id = 1|DELETE|orders", "MERGE INTO users KEY (id) VALUES (1)|MERGE|users",
					"CREATE TABLE IF NOT EXISTS users (id INT)|CREATE|users",
					"SELECT * FROM a JOIN b ON a.id = b.id|SELECT|-", "SELECT * FROM a, b|SELECT|-",
					"SELECT * FROM (SELECT id FROM users) u|SELECT|-", "SELECT 1|SELECT|-",
					"  (SELECT x FROM t)|SELECT|t", "COMMIT|-|-", "VALUES 1|-|-" })
	void operationAndTable(String sql, String operation, String table) {
		SqlStatement statement = SqlStatement.of(sql);
		assertThat(statement.operation()).isEqualTo(operation);
		assertThat(statement.table()).isEqualTo(table);
	}

	@Test
	void commentsAreDropped() {
		assertThat(SqlStatement.of("SELECT 1 /* password=hunter2 */ -- note 7\nFROM dual").text())
			.isEqualTo("SELECT ?   \nFROM dual");
	}

	@Test
	void aBindMarkerStaysAndADollarQuotedBodyGoes() {
		assertThat(SqlStatement.withoutLiterals("SELECT $1, $2 FROM t")).isEqualTo("SELECT $1, $2 FROM t");
		assertThat(SqlStatement.withoutLiterals("DO $body$ BEGIN RAISE 'x'; END $body$"))
			.isEqualTo("DO ?");
	}

}
