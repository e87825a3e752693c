package dev.dataproduct.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases tests run against, each handing out fresh, empty databases: a new schema per test
 * on PostgreSQL (the search path set to it, so unqualified tables land there), a new in-memory
 * database per test on H2.
 *
 * <p>PostgreSQL is an embedded server (zonky, started once per JVM) unless {@code
 * DATAPRODUCT_TEST_POSTGRES_URL} names an external one ({@code jdbc:postgresql://host:5432/db},
 * with {@code DATAPRODUCT_TEST_POSTGRES_USER} and {@code DATAPRODUCT_TEST_POSTGRES_PASSWORD}).
 */
enum Target {
  POSTGRES {
    @Override
    DataSource fresh() {
      String schema = "t" + COUNTER.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
      execute(admin(), "CREATE SCHEMA " + schema);
      PGSimpleDataSource ds = pgDataSource();
      ds.setCurrentSchema(schema);
      return ds;
    }

    @Override
    void drop(DataSource ds) {
      String schema = ((PGSimpleDataSource) ds).getCurrentSchema();
      execute(admin(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Override
    String systemName() {
      return "postgresql";
    }
  },
  H2 {
    @Override
    DataSource fresh() {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:t" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
      return ds;
    }

    @Override
    void drop(DataSource ds) {
      execute(ds, "SHUTDOWN");
    }

    @Override
    String systemName() {
      return "h2database";
    }
  };

  private static final AtomicInteger COUNTER = new AtomicInteger();
  static final String URL_ENV = "DATAPRODUCT_TEST_POSTGRES_URL";

  /** A new, empty database. */
  abstract DataSource fresh();

  /** Drops what {@link #fresh()} made. */
  abstract void drop(DataSource ds);

  /** The expected {@code db.system.name}. */
  abstract String systemName();

  /** A data source on the PostgreSQL server's default schema. */
  static DataSource admin() {
    return pgDataSource();
  }

  private static PGSimpleDataSource pgDataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    String external = System.getenv(URL_ENV);
    if (external != null && !external.isBlank()) {
      ds.setURL(external);
      ds.setUser(System.getenv().getOrDefault("DATAPRODUCT_TEST_POSTGRES_USER", "postgres"));
      ds.setPassword(System.getenv().getOrDefault("DATAPRODUCT_TEST_POSTGRES_PASSWORD", ""));
    } else {
      ds.setURL(Embedded.SERVER.getJdbcUrl("postgres", "postgres"));
    }
    return ds;
  }

  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The embedded server, started on first use and stopped by its shutdown hook. */
  private static final class Embedded {
    static final EmbeddedPostgres SERVER = start();

    private static EmbeddedPostgres start() {
      try {
        return EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "100")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
      }
    }
  }
}
