package dev.dataproduct.iceberg;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.BatchReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Reads the rows of one publication: the data files its snapshot added, in the schema the
 * snapshot was written with, bound by name to the schema asked for (fields the snapshot lacks are
 * null). One file open at a time; memory bounded by the batch size.
 */
final class SnapshotReader implements BatchReader {
  private final Table table;
  private final Schema fileSchema;
  private final dev.dataproduct.Schema schema;
  private final int batchSize;
  private final String name;
  private final Iterator<DataFile> files;
  private final String[] columns;
  private CloseableIterable<Record> open;
  private Iterator<Record> records;
  private boolean closed;

  SnapshotReader(Table table, Snapshot snapshot, Schema fileSchema, dev.dataproduct.Schema schema,
      int batchSize, String name) {
    this.table = table;
    this.fileSchema = fileSchema;
    this.schema = schema;
    this.batchSize = batchSize;
    this.name = name;
    List<DataFile> added = new ArrayList<>();
    snapshot.addedDataFiles(table.io()).forEach(added::add);
    this.files = added.iterator();
    this.columns = new String[schema.size()];
    List<Field> fields = schema.fields();
    for (int i = 0; i < columns.length; i++) {
      columns[i] = fileSchema.findField(fields.get(i).name()) == null ? null
          : fields.get(i).name();
    }
  }

  @Override
  public dev.dataproduct.Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    List<Row> batch = new ArrayList<>(Math.min(batchSize, 4096));
    try {
      while (!closed && batch.size() < batchSize) {
        if (records == null || !records.hasNext()) {
          if (!nextFile()) {
            break;
          }
          continue;
        }
        batch.add(toRow(records.next()));
      }
    } catch (RuntimeException e) {
      if (e instanceof StorageException) {
        throw e;
      }
      throw new StorageException("Iceberg table " + name + ": reading a data file failed ("
          + e.getClass().getSimpleName() + ")", "ICEBERG", e);
    }
    return batch;
  }

  private boolean nextFile() {
    closeFile();
    if (!files.hasNext()) {
      return false;
    }
    DataFile file = files.next();
    open = Parquet.read(table.io().newInputFile(file.location()))
        .project(fileSchema)
        .createReaderFunc(type -> GenericParquetReaders.buildReader(fileSchema, type))
        .build();
    records = open.iterator();
    return true;
  }

  private Row toRow(Record record) {
    Object[] values = new Object[columns.length];
    List<Field> fields = schema.fields();
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] != null) {
        values[i] = IcebergSchemas.fromIceberg(fields.get(i), record.getField(columns[i]));
      }
    }
    return Row.of(schema, values);
  }

  private void closeFile() {
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        throw new StorageException("Iceberg table " + name + ": closing a data file failed",
            "ICEBERG", e);
      } finally {
        open = null;
        records = null;
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeFile();
    }
  }
}
