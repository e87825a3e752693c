package dev.dataproduct.testing.postgres;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving each test an empty PostgreSQL schema on a real server ({@link
 * EmbeddedPostgresServer#fromEnvironment()}: embedded unless {@value
 * EmbeddedPostgresServer#URL_ENV} names an external one). One server serves every test class of
 * the JVM and stops when the run ends; each test's schema is created before it and dropped after.
 *
 * <pre>{@code
 * @RegisterExtension static EmbeddedPostgresExtension pg = EmbeddedPostgresExtension.create();
 *
 * @Test void publishesToATable() {
 *   OutputPort table = JdbcOutputPort.builder("revenue-table").dataSource(pg.dataSource())...
 * }
 * }</pre>
 *
 * <p>Dependency: {@code dev.dataproduct:sdk-testing-postgres}, test scope.
 */
public final class EmbeddedPostgresExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
  private volatile EmbeddedPostgresServer pg;

  private volatile DataSource current;

  private EmbeddedPostgresExtension() {}

  /** The extension; register it with {@code @RegisterExtension} on a static field. */
  public static EmbeddedPostgresExtension create() {
    return new EmbeddedPostgresExtension();
  }

  @Override
  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: in JUnit 5 and 6
  public void beforeAll(ExtensionContext context) {
    // one per test run: JUnit's root store starts it once and closes it when the run ends
    pg = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Shared.class,
            k -> new Shared(EmbeddedPostgresServer.fromEnvironment()), Shared.class)
        .pg;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    current = server().newSchema();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    DataSource ds = current;
    current = null;
    if (ds != null) {
      server().dropSchema(ds);
    }
  }

  /**
   * The server.
   *
   * @throws IllegalStateException when the extension was not registered on a static field
   */
  public EmbeddedPostgresServer server() {
    EmbeddedPostgresServer s = pg;
    if (s == null) {
      throw new IllegalStateException("The PostgreSQL server is not started: register the"
          + " extension on a static field, @RegisterExtension static EmbeddedPostgresExtension pg"
          + " = EmbeddedPostgresExtension.create()");
    }
    return s;
  }

  /**
   * The current test's schema, empty when the test started and dropped after it.
   *
   * @throws IllegalStateException outside a test method (use {@code server().newSchema()} in
   *     {@code @BeforeAll})
   */
  public DataSource dataSource() {
    DataSource ds = current;
    if (ds == null) {
      throw new IllegalStateException("No test is running: dataSource() is the current test's"
          + " schema; in @BeforeAll use server().newSchema()");
    }
    return ds;
  }

  /** The run's server: JUnit closes it when the run ends (a CloseableResource for JUnit 5). */
  @SuppressWarnings("deprecation")
  private static final class Shared implements AutoCloseable,
      ExtensionContext.Store.CloseableResource {
    final EmbeddedPostgresServer pg;

    Shared(EmbeddedPostgresServer pg) {
      this.pg = pg;
    }

    @Override
    public void close() {
      pg.close();
    }
  }
}
