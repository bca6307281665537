package io.cello.telemetry.internal.r2dbc;

import java.util.Locale;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;

/**
 * The database a connection factory connects to, as its spans name it.
 *
 * @param system {@code db.system}: {@code postgresql}, {@code mysql}, {@code h2}, ... or
 * the connection factory's own name
 * @param name {@code db.name}, or {@code null} when the options do not say
 * @param host {@code server.address}, or {@code null} for an embedded database
 * @param port {@code server.port}, or {@code null}
 */
record Database(String system, @Nullable String name, @Nullable String host, @Nullable Integer port) {

	static Database of(ConnectionFactory connectionFactory) {
		OptionsCapableConnectionFactory withOptions = OptionsCapableConnectionFactory.unwrapFrom(connectionFactory);
		String fallback = connectionFactory.getMetadata().getName();
		if (withOptions == null) {
			return new Database(system(fallback), null, null, null);
		}
		ConnectionFactoryOptions options = withOptions.getOptions();
		Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
		Object protocol = options.getValue(ConnectionFactoryOptions.PROTOCOL);
		if ("pool".equals(driver) && protocol instanceof String pooled) {
			driver = pooled.split(":", 2)[0];
		}
		return new Database(system((driver instanceof String name) ? name : fallback),
				name(options.getValue(ConnectionFactoryOptions.DATABASE)),
				text(options.getValue(ConnectionFactoryOptions.HOST)),
				(options.getValue(ConnectionFactoryOptions.PORT) instanceof Integer port) ? port : null);
	}

	/** OpenTelemetry's name for a database system, from an R2DBC driver's or connection factory's name. */
	static String system(String driver) {
		String name = driver.toLowerCase(Locale.ROOT);
		if (name.contains("postgres")) {
			return "postgresql";
		}
		if (name.contains("mssql") || name.contains("sqlserver") || name.contains("sql server")) {
			return "mssql";
		}
		if (name.contains("mariadb")) {
			return "mariadb";
		}
		for (String known : new String[] { "mysql", "oracle", "h2", "db2" }) {
			if (name.contains(known)) {
				return known;
			}
		}
		return name;
	}

	/**
	 * The database's name: without the settings H2 takes after a {@code ;}
	 * ({@code users;DB_CLOSE_DELAY=-1}), and without the directories of a file database
	 * ({@code ./data/users}).
	 */
	static @Nullable String name(@Nullable Object database) {
		String name = text(database);
		if (name == null) {
			return null;
		}
		int settings = name.indexOf(';');
		name = (settings >= 0) ? name.substring(0, settings) : name;
		name = name.substring(name.lastIndexOf('/') + 1);
		return name.isEmpty() ? null : name;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof CharSequence text && !text.isEmpty()) ? text.toString() : null;
	}

}
