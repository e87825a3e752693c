package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds the fields of a row to the parameters of one row of a statement. */
final class Binding {
  private final Codecs.Binder[] binders;
  private final int[] nullTypes;
  private final int[] fieldIndex;
  private final Object constant;

  /**
   * @param binders one per statement column
   * @param nullTypes the SQL type of each statement column, for {@code setNull}
   * @param fieldIndex for each statement column, the index of its field in the rows, or -1 for
   *     the column that takes {@code constant} (the publication id)
   */
  Binding(Codecs.Binder[] binders, int[] nullTypes, int[] fieldIndex, Object constant) {
    this.binders = binders.clone();
    this.nullTypes = nullTypes.clone();
    this.fieldIndex = fieldIndex.clone();
    this.constant = constant;
  }

  int columns() {
    return binders.length;
  }

  /** Binds {@code row} starting at parameter {@code first}. */
  void bind(PreparedStatement ps, int first, Row row) throws SQLException {
    for (int i = 0; i < binders.length; i++) {
      int f = fieldIndex[i];
      Object v = f >= 0 ? row.get(f) : constant;
      if (v == null) {
        ps.setNull(first + i, nullTypes[i]);
      } else {
        binders[i].bind(ps, first + i, v);
      }
    }
  }
}
