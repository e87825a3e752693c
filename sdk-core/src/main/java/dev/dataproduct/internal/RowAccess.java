package dev.dataproduct.internal;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;

/**
 * The runtime's private access to {@link Row}: rows that passed schema conformance remember the
 * schema they conform to, so a row handed on unchanged (an identity or filter transform) is not
 * checked twice. Row registers the accessor when it is initialised (the JDK's "shared secrets"
 * pattern); nothing outside the SDK can create a row marked as conforming.
 */
public final class RowAccess {

  /** What {@link Row} lets the runtime do. */
  public interface Accessor {
    /** A row over {@code values} (not copied), marked as conforming to {@code schema}. */
    Row conformed(Schema schema, Object[] values);

    /** The same values (not copied) bound to and marked as conforming to {@code schema}. */
    Row rebind(Row row, Schema schema);

    /** The schema the row was marked as conforming to, or {@code null}. */
    Schema conformedTo(Row row);
  }

  private static volatile Accessor accessor;

  private RowAccess() {}

  /** Called once, by {@link Row}'s static initialiser. */
  public static void register(Accessor a) {
    if (accessor != null) {
      throw new IllegalStateException("RowAccess is registered by Row only");
    }
    accessor = a;
  }

  static Accessor get() {
    Accessor a = accessor;
    if (a == null) {
      try {
        Class.forName(Row.class.getName(), true, Row.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = accessor;
    }
    return a;
  }
}
