package dev.dataproduct.spi;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.util.List;

/**
 * Yields rows in batches, with bounded memory. Not thread-safe: one reader serves one consumer.
 *
 * <pre>{@code
 * try (BatchReader reader = port.read(principal, ReadOptions.latest())) {
 *   for (List<Row> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
 *     batch.forEach(this::handle);
 *   }
 * }
 * }</pre>
 */
public interface BatchReader extends AutoCloseable {

  /** The schema of every row this reader yields. */
  Schema schema();

  /**
   * The next batch; an empty list once the data is exhausted (and on every call after that).
   *
   * @throws dev.dataproduct.StorageException when the storage fails
   */
  List<Row> next();

  /** Releases connections, streams and cursors. Idempotent. */
  @Override
  void close();

  /** A reader over batches already in memory (tests, small lookups). */
  static BatchReader of(Schema schema, List<List<Row>> batches) {
    return new BatchReader() {
      private int next;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public List<Row> next() {
        return next < batches.size() ? batches.get(next++) : List.of();
      }

      @Override
      public void close() {
        next = batches.size();
      }
    };
  }
}
