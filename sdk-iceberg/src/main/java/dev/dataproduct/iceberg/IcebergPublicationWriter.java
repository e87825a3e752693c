package dev.dataproduct.iceberg;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * One publication: rows go to Parquet data files under the table's data location (rolled over at
 * {@code targetFileBytes}); nothing is visible until {@link #commit()} adds every file in one
 * snapshot. {@link #abort()} deletes the files written, unless a commit of unknown outcome may
 * reference them. Used by one thread.
 */
final class IcebergPublicationWriter implements PublicationWriter {
  private final IcebergPublicationStore store;
  private final WriteContext context;
  private final Table table;
  private final Schema fileSchema;
  private final String token = UUID.randomUUID().toString();
  private final List<DataFile> files = new ArrayList<>();
  private final List<String> written = new ArrayList<>();
  private DataWriter<Record> current;
  private long rows;
  private long bytesDone;
  private boolean ended;

  IcebergPublicationWriter(IcebergPublicationStore store, WriteContext context, Table table,
      Schema fileSchema) {
    this.store = store;
    this.context = context;
    this.table = table;
    this.fileSchema = fileSchema;
  }

  @Override
  public void write(List<Row> batch) {
    try {
      for (Row row : batch) {
        if (current == null) {
          current = newFile();
        }
        current.write(IcebergSchemas.toRecord(row, context.contract().schema(), fileSchema,
            context.portName(), store.isQuarantine()));
        rows++;
        if ((rows & 1023) == 0 && current.length() >= store.targetFileBytes()) {
          closeCurrent();
        }
      }
    } catch (UncheckedIOException e) {
      throw store.failure("writing a data file", e);
    }
  }

  private DataWriter<Record> newFile() {
    String path = table.locationProvider().newDataLocation(
        "pub-" + context.runId() + "-" + token.substring(0, 8) + "-" + files.size()
            + ".parquet");
    written.add(path);
    try {
      return Parquet.writeData(table.io().newOutputFile(path))
          .schema(fileSchema)
          .createWriterFunc(GenericParquetWriter::create)
          .setAll(table.properties())
          .withSpec(PartitionSpec.unpartitioned())
          .overwrite()
          .build();
    } catch (IOException e) {
      throw store.failure("creating data file " + path, e);
    }
  }

  private void closeCurrent() {
    try {
      current.close();
    } catch (IOException e) {
      throw store.failure("closing a data file", e);
    }
    DataFile file = current.toDataFile();
    bytesDone += file.fileSizeInBytes();
    files.add(file);
    current = null;
  }

  @Override
  public Publication commit() {
    if (ended) {
      throw new IllegalStateException("Publication of port '" + context.portName()
          + "' already ended");
    }
    ended = true;
    try {
      if (current != null) {
        closeCurrent();
      }
      return store.commit(context, fileSchema, files, rows, token);
    } catch (CommitOutcomeUnknownException e) {
      throw e; // the snapshot may reference the files: they stay
    } catch (RuntimeException e) {
      deleteFiles();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (ended) {
      return;
    }
    ended = true;
    if (current != null) {
      try {
        current.close();
      } catch (IOException | RuntimeException ignored) {
        // the file is deleted below either way
      }
      current = null;
    }
    deleteFiles();
  }

  /** Deletes every data file this publication wrote; nothing references them. */
  private void deleteFiles() {
    for (String path : written) {
      try {
        table.io().deleteFile(path);
      } catch (RuntimeException e) {
        store.orphaned(path, e);
      }
    }
  }

  @Override
  public long bytesWritten() {
    return bytesDone + (current == null ? 0 : current.length());
  }
}
