package dev.dataproduct.jdbc;

import dev.dataproduct.testing.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The databases tests run against, each handing out fresh, empty databases: a new schema per test
 * on PostgreSQL (the search path set to it, so unqualified tables land there), a new in-memory
 * database per test on H2.
 *
 * <p>PostgreSQL is sdk-testing-postgres' embedded server (started once per JVM) unless {@code
 * DATAPRODUCT_TEST_POSTGRES_URL} names an external one ({@code jdbc:postgresql://host:5432/db},
 * with {@code DATAPRODUCT_TEST_POSTGRES_USER} and {@code DATAPRODUCT_TEST_POSTGRES_PASSWORD}).
 */
enum Target {
  POSTGRES {
    @Override
    DataSource fresh() {
      return Server.POSTGRES.newSchema();
    }

    @Override
    void drop(DataSource ds) {
      Server.POSTGRES.dropSchema(ds);
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
    return Server.POSTGRES.dataSource();
  }

  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The server of sdk-testing-postgres, started on first use, stopped when the JVM ends. */
  private static final class Server {
    static final EmbeddedPostgresServer POSTGRES = start();

    private static EmbeddedPostgresServer start() {
      EmbeddedPostgresServer pg = EmbeddedPostgresServer.fromEnvironment();
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-postgres-stop"));
      return pg;
    }
  }
}
