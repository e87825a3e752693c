package dev.dataproduct.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code COPY ... FROM STDIN} through the PostgreSQL JDBC driver's {@code CopyManager}, reached
 * with {@link Connection#unwrap} (so pooled connections work) and called reflectively: the driver
 * is the user's, not a compile-time dependency of this module.
 */
final class PgCopy {
  private static final Logger LOG = LoggerFactory.getLogger(PgCopy.class);

  private final Object copyIn;
  private final Method write;
  private final Method end;
  private final Method cancel;
  private final Method active;

  private PgCopy(Object copyIn) throws ReflectiveOperationException {
    Class<?> type = load(copyIn.getClass().getClassLoader(), "org.postgresql.copy.CopyIn");
    if (type == null) {
      throw new ClassNotFoundException("org.postgresql.copy.CopyIn");
    }
    this.copyIn = copyIn;
    this.write = type.getMethod("writeToCopy", byte[].class, int.class, int.class);
    this.end = type.getMethod("endCopy");
    this.cancel = type.getMethod("cancelCopy");
    this.active = type.getMethod("isActive");
  }

  /** Whether the connection's driver offers the copy API. */
  static boolean available(Connection c) {
    return pgConnection(c).isPresent();
  }

  private static Optional<Object> pgConnection(Connection c) {
    try {
      ClassLoader loader = c.getClass().getClassLoader();
      Class<?> api = load(loader, "org.postgresql.PGConnection");
      if (api == null || !c.isWrapperFor(api)) {
        return Optional.empty();
      }
      return Optional.of(c.unwrap(api));
    } catch (SQLException | RuntimeException e) {
      LOG.debug("No PostgreSQL copy API on {}", c.getClass().getName(), Sql.sanitize(e));
      return Optional.empty();
    }
  }

  private static Class<?> load(ClassLoader loader, String name) {
    for (ClassLoader l : new ClassLoader[] {loader, Thread.currentThread().getContextClassLoader(),
        PgCopy.class.getClassLoader()}) {
      if (l == null) {
        continue;
      }
      try {
        return Class.forName(name, false, l);
      } catch (ClassNotFoundException e) {
        // try the next loader
      }
    }
    return null;
  }

  /**
   * Starts {@code sql} ({@code COPY ... FROM STDIN}).
   *
   * @throws SQLException when the server refuses it
   * @throws IllegalStateException when the driver has no copy API
   */
  static PgCopy start(Connection c, String sql) throws SQLException {
    Object pg = pgConnection(c).orElseThrow(() -> new IllegalStateException(
        "The connection " + c.getClass().getName() + " has no PostgreSQL copy API"));
    try {
      // methods of the public interface and class, not of the driver's implementation classes
      Class<?> api = load(c.getClass().getClassLoader(), "org.postgresql.PGConnection");
      Object manager = api.getMethod("getCopyAPI").invoke(pg);
      Class<?> managerType = load(c.getClass().getClassLoader(), "org.postgresql.copy.CopyManager");
      Object in = managerType.getMethod("copyIn", String.class).invoke(manager, sql);
      return new PgCopy(in);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The PostgreSQL driver's copy API is not as expected", e);
    }
  }

  void write(byte[] bytes, int length) throws SQLException {
    call(write, bytes, 0, length);
  }

  /** Completes the copy; the row count the server reports. */
  long end() throws SQLException {
    return (Long) call(end);
  }

  /** Abandons the copy if still running; never throws. */
  void cancel() {
    try {
      if ((Boolean) call(active)) {
        call(cancel);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Cancelling COPY failed", Sql.sanitize(e));
    }
  }

  private Object call(Method m, Object... args) throws SQLException {
    try {
      return m.invoke(copyIn, args);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("The PostgreSQL driver's copy API is not accessible", e);
    }
  }

  private static SQLException rethrow(InvocationTargetException e) {
    Throwable t = e.getCause();
    if (t instanceof SQLException) {
      return (SQLException) t;
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new SQLException("COPY failed: " + t.getClass().getName(), "08000", t);
  }
}
