package dev.dataproduct.jdbc;

import dev.dataproduct.StorageException;
import dev.dataproduct.VendorException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link SQLException}s into {@link StorageException}s that carry the SQL state. The
 * driver's own text is kept only for SQL state classes whose messages name objects, never data
 * (connection, syntax, missing table, locks, resources): messages of data and integrity errors
 * may quote the offending values, which can be classified, so those get a generic description.
 */
final class Sql {
  private static final Logger LOG = LoggerFactory.getLogger(Sql.class);

  /** SQL state classes whose driver messages name objects but never quote data values. */
  private static final Set<String> SAFE_CLASSES = Set.of("08", "0A", "25", "28", "2D", "3B",
      "3D", "3F", "40", "42", "53", "54", "55", "57", "58", "HY");

  private Sql() {}

  /**
   * A storage exception for {@code e}, the message starting with {@code what} (which must not
   * contain values).
   */
  static StorageException storage(String what, SQLException e) {
    SQLException cause = relevant(e);
    String state = cause.getSQLState() != null ? cause.getSQLState() : e.getSQLState();
    String column = details(cause).get("column");
    if ("23502".equals(state) && column != null) {
      // the column's name, never its value: name the fix too
      return new StorageException(what + ": column '" + column + "' is NOT NULL and a row had"
          + " no value for it (SQL state 23502). Give the column a default or let it take"
          + " nulls, or publish a contract that changed it as a new major version to a table"
          + " of its own (tablePerMajorVersion() on the port)", state, sanitize(e));
    }
    return new StorageException(what + ": " + describe(cause, state), state, sanitize(e));
  }

  /**
   * {@code e} with its chain sanitized ({@link VendorException}): SQL state, vendor code, and
   * for PostgreSQL the names the server reports (constraint, table, column, schema, data type),
   * never the message or its {@code Detail}, which quote row values.
   */
  static Throwable sanitize(Throwable e) {
    return VendorException.sanitize(e, Sql::details);
  }

  private static final String[] SERVER_NAMES = {"constraint", "table", "column", "schema",
      "datatype"};

  /** The object names of a PostgreSQL server error (read reflectively: the driver is optional). */
  private static Map<String, String> details(Throwable t) {
    if (!t.getClass().getName().equals("org.postgresql.util.PSQLException")) {
      return Map.of();
    }
    Map<String, String> d = new LinkedHashMap<>();
    try {
      Object server = t.getClass().getMethod("getServerErrorMessage").invoke(t);
      if (server == null) {
        return d;
      }
      for (String name : SERVER_NAMES) {
        String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Object v = server.getClass().getMethod(getter).invoke(server);
        if (v != null) {
          d.put(name, v.toString());
        }
      }
    } catch (ReflectiveOperationException | RuntimeException ex) {
      LOG.trace("No server error details on {}", t.getClass().getName());
    }
    return d;
  }

  /** The exception that says what went wrong: the server's error behind a batch failure. */
  private static SQLException relevant(SQLException e) {
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      return e.getNextException();
    }
    return e;
  }

  private static String describe(SQLException e, String state) {
    String cls = state == null || state.length() < 2 ? "" : state.substring(0, 2);
    if (SAFE_CLASSES.contains(cls) && e.getMessage() != null
        && !(e instanceof BatchUpdateException)) {
      String first = e.getMessage().strip().lines().findFirst().orElse("");
      return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
    switch (cls) {
      case "22":
        return "the database rejected a value (data exception: wrong format, out of range or too"
            + " long for its column); the driver's message is omitted because it may contain"
            + " column values";
      case "23":
        return "the database rejected a row (integrity constraint violation: duplicate key,"
            + " NOT NULL, foreign key or check constraint); the driver's message is omitted"
            + " because it may contain column values";
      default:
        return "the database reported an error (SQL state " + state + "); the driver's message"
            + " is omitted because it may contain column values";
    }
  }

  /** Rolls back, swallowing (and logging at DEBUG) what a broken connection throws. */
  static void rollbackQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      if (!c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Rollback failed", Sql.sanitize(e));
    }
  }

  /** Restores auto-commit and closes, swallowing what a broken connection throws. */
  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      if (!c.isClosed()) {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Resetting the connection failed", Sql.sanitize(e));
    }
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Closing the connection failed", Sql.sanitize(e));
    }
  }

  /** Closes, swallowing failures. */
  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed", c.getClass().getSimpleName(), Sql.sanitize(e));
    }
  }
}
