package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds the fields of a row to the parameters of one row of a statement. */
final class Binding {
  private final Codecs.Binder[] binders;
  private final int[] nullTypes;
  private final int[] fieldIndex;

  /**
   * @param binders one per statement column
   * @param nullTypes the SQL type of each statement column, for {@code setNull}
   * @param fieldIndex for each statement column, the index of its field in the rows
   */
  Binding(Codecs.Binder[] binders, int[] nullTypes, int[] fieldIndex) {
    this.binders = binders.clone();
    this.nullTypes = nullTypes.clone();
    this.fieldIndex = fieldIndex.clone();
  }

  int columns() {
    return binders.length;
  }

  /** Binds {@code row} starting at parameter {@code first}. */
  void bind(PreparedStatement ps, int first, Row row) throws SQLException {
    for (int i = 0; i < binders.length; i++) {
      Object v = row.get(fieldIndex[i]);
      if (v == null) {
        ps.setNull(first + i, nullTypes[i]);
      } else {
        binders[i].bind(ps, first + i, v);
      }
    }
  }
}
