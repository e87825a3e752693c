package dev.dataproduct.iceberg;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.BatchReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The rows of a raw table scan, in batches: each field of the port's schema from the column
 * {@link TableInputPort} matched it with (none: null), as {@link RawValues} turns it. Memory
 * bounded by the batch size and the reader's open file.
 */
final class TableReader implements BatchReader {
  private final CloseableIterable<Record> records;
  private final Schema schema;
  private final Types.NestedField[] sources;
  private final int batchSize;
  private final String what;
  private Iterator<Record> it;
  private boolean closed;

  TableReader(CloseableIterable<Record> records, Schema schema, Types.NestedField[] sources,
      int batchSize, String what) {
    this.records = records;
    this.schema = schema;
    this.sources = sources;
    this.batchSize = batchSize;
    this.what = what;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    if (closed) {
      return List.of();
    }
    List<Row> batch = new ArrayList<>(Math.min(batchSize, 4096));
    List<Field> fields = schema.fields();
    try {
      if (it == null) {
        it = records.iterator();
      }
      while (batch.size() < batchSize && it.hasNext()) {
        Record r = it.next();
        Object[] values = new Object[sources.length];
        for (int i = 0; i < sources.length; i++) {
          Types.NestedField c = sources[i];
          if (c != null) {
            values[i] = RawValues.value(fields.get(i), c.type(), r.getField(c.name()));
          }
        }
        batch.add(Row.of(schema, values));
      }
    } catch (RuntimeException e) {
      // the message of a reader's exception may quote data: keep its class
      throw new StorageException(what + ": reading failed (" + e.getClass().getSimpleName()
          + ")", "ICEBERG", e);
    }
    return batch;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        records.close();
      } catch (IOException e) {
        throw new StorageException(what + ": closing the reader failed", "ICEBERG", e);
      }
    }
  }
}
