package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One single-row statement (an upsert) executed as a JDBC batch: {@code addBatch} per row,
 * {@code executeBatch} every {@code batchSize} rows. Rows with the same key in one publication
 * are applied in order, so the last one wins.
 */
final class BatchSink implements RowSink.OfRows {
  private final PreparedStatement statement;
  private final Binding binding;
  private final int batchSize;
  private final String operation;
  private int pending;

  BatchSink(Connection connection, String sql, Binding binding, int batchSize, String operation)
      throws SQLException {
    this.statement = connection.prepareStatement(sql);
    this.binding = binding;
    this.batchSize = batchSize;
    this.operation = operation;
  }

  @Override
  public void write(List<Row> rows) throws SQLException {
    for (int i = 0, n = rows.size(); i < n; i++) {
      binding.bind(statement, 1, rows.get(i));
      statement.addBatch();
      if (++pending == batchSize) {
        statement.executeBatch();
        pending = 0;
      }
    }
  }

  @Override
  public void finish() throws SQLException {
    try {
      if (pending > 0) {
        statement.executeBatch();
        pending = 0;
      }
    } finally {
      Sql.closeQuietly(statement);
    }
  }

  @Override
  public void cancel() {
    Sql.closeQuietly(statement);
  }

  @Override
  public String operation() {
    return operation;
  }
}
