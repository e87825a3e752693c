package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Multi-row {@code INSERT ... VALUES (..), (..), ...}: rows are gathered into statements of a
 * fixed number of rows (the dialect's {@link SqlDialect#rowsPerInsert}), each prepared once.
 */
final class InsertSink implements RowSink.OfRows {
  private final Connection connection;
  private final String prefix;
  private final String rowValues;
  private final Binding binding;
  private final Row[] pending;
  private int count;
  private PreparedStatement full;

  /**
   * @param prefix {@code INSERT INTO t (a, b) VALUES }
   * @param rowValues the values of one row: {@code (?, ?)}
   */
  InsertSink(Connection connection, String prefix, String rowValues, Binding binding,
      int rowsPerStatement) {
    this.connection = connection;
    this.prefix = prefix;
    this.rowValues = rowValues;
    this.binding = binding;
    this.pending = new Row[rowsPerStatement];
  }

  /** {@code prefix} followed by {@code rows} copies of {@code rowValues}, comma-separated. */
  static String sql(String prefix, String rowValues, int rows) {
    StringBuilder sb = new StringBuilder(prefix.length() + rows * (rowValues.length() + 2))
        .append(prefix);
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(rowValues);
    }
    return sb.toString();
  }

  @Override
  public void write(List<Row> rows) throws SQLException {
    for (int i = 0, n = rows.size(); i < n; i++) {
      pending[count++] = rows.get(i);
      if (count == pending.length) {
        if (full == null) {
          full = connection.prepareStatement(sql(prefix, rowValues, pending.length));
        }
        execute(full, count);
      }
    }
  }

  private void execute(PreparedStatement ps, int rows) throws SQLException {
    int width = binding.columns();
    for (int r = 0; r < rows; r++) {
      binding.bind(ps, 1 + r * width, pending[r]);
      pending[r] = null;
    }
    ps.executeUpdate();
    count = 0;
  }

  @Override
  public void finish() throws SQLException {
    try {
      if (count > 0) {
        try (PreparedStatement rest = connection.prepareStatement(sql(prefix, rowValues, count))) {
          execute(rest, count);
        }
      }
    } finally {
      close();
    }
  }

  @Override
  public void cancel() {
    close();
  }

  private void close() {
    Sql.closeQuietly(full);
    full = null;
  }

  @Override
  public String operation() {
    return "INSERT";
  }
}
