package io.cello.telemetry.internal.r2dbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTests {

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = { "orders, orders", "users;DB_CLOSE_DELAY=-1, users", "./data/users, users",
			"~/test;MODE=PostgreSQL, test", "'', -", "-, -", "/, -" })
	void theNameLeavesOutSettingsAndDirectories(String database, String name) {
		assertThat(Database.name(database)).isEqualTo(name);
	}

	@ParameterizedTest
	@CsvSource({ "postgresql, postgresql", "PostgreSQL, postgresql", "postgres, postgresql", "mssql, mssql",
			"Microsoft SQL Server, mssql", "mariadb, mariadb", "MySQL, mysql", "H2, h2", "oracle, oracle",
			"cockroach, cockroach" })
	void theSystemIsNamedAsOpenTelemetryNamesIt(String driver, String system) {
		assertThat(Database.system(driver)).isEqualTo(system);
	}

}
