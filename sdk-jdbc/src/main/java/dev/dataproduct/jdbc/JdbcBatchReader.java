package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a result set in batches. The statement runs with a fetch size (on PostgreSQL in a
 * transaction, so the driver uses a cursor), so at most one fetch of rows is in memory beside the
 * batch handed out. The connection is released as soon as the rows are exhausted, or on close.
 */
final class JdbcBatchReader implements BatchReader {
  private final String what;
  private final Schema schema;
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rs;
  private final Codecs.Decoder[] decoders;
  private final int[] columns;
  private final int batchSize;
  private final Row.Builder builder;
  private final int trackIndex;
  private final Consumer<Object> onClose;
  private final Runnable restore;
  private Comparable<Object> max;
  private boolean closed;

  /**
   * @param what the source for messages: "Input port 'orders'"
   * @param decoders one per field of {@code schema}
   * @param columns for each field, its 1-based result column
   * @param trackIndex the field whose maximum is reported to {@code onClose}, or -1
   * @param onClose receives the maximum of the tracked field (null when no row had one)
   * @param restore resets connection settings before it is closed
   */
  JdbcBatchReader(String what, Schema schema, Connection connection, Statement statement,
      ResultSet rs, Codecs.Decoder[] decoders, int[] columns, int batchSize, int trackIndex,
      Consumer<Object> onClose, Runnable restore) {
    this.what = what;
    this.schema = schema;
    this.connection = connection;
    this.statement = statement;
    this.rs = rs;
    this.decoders = decoders.clone();
    this.columns = columns.clone();
    this.batchSize = batchSize;
    this.builder = Row.builder(schema);
    this.trackIndex = trackIndex;
    this.onClose = onClose;
    this.restore = restore;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Row> next() {
    if (closed) {
      return List.of();
    }
    List<Row> batch = new ArrayList<>(batchSize);
    try {
      int n = decoders.length;
      while (batch.size() < batchSize && rs.next()) {
        for (int i = 0; i < n; i++) {
          builder.set(i, decoders[i].read(rs, columns[i]));
        }
        Row row = builder.build();
        if (trackIndex >= 0) {
          Object v = row.get(trackIndex);
          if (v != null && (max == null || max.compareTo(v) < 0)) {
            max = (Comparable<Object>) v;
          }
        }
        batch.add(row);
      }
    } catch (SQLException e) {
      close();
      throw Sql.storage(what + ": reading failed", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (batch.size() < batchSize) {
      close();
    }
    return batch.isEmpty() ? List.of() : Collections.unmodifiableList(batch);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Sql.closeQuietly(rs);
    Sql.closeQuietly(statement);
    try {
      restore.run();
    } finally {
      Sql.closeQuietly(connection);
      if (onClose != null) {
        onClose.accept(max);
      }
    }
  }
}
