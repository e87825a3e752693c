package dev.dataproduct.iceberg;

import dev.dataproduct.Row;
import dev.dataproduct.spi.DistributedWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes one part of a distributed publication on a worker: Parquet data files under the table's
 * data location, named after the publication, the partition and the attempt (two attempts never
 * share a file), rolled over at the port's target size, as {@link IcebergPublicationWriter} does
 * in one process. Serializable: it holds a {@code SerializableTable} copy of the table.
 */
final class IcebergPartWriters implements DistributedWrite.PartWriters {
  private static final long serialVersionUID = 1L;

  private final Table table;
  private final Schema fileSchema;
  private final String filePrefix;
  private final String port;
  private final boolean quarantine;
  private final long targetFileBytes;

  IcebergPartWriters(Table table, Schema fileSchema, String filePrefix, String port,
      boolean quarantine, long targetFileBytes) {
    this.table = table;
    this.fileSchema = fileSchema;
    this.filePrefix = filePrefix;
    this.port = port;
    this.quarantine = quarantine;
    this.targetFileBytes = targetFileBytes;
  }

  @Override
  public DistributedWrite.PartWriter open(int partition, long attempt) {
    return new Writer(filePrefix + "p" + partition + "-a" + attempt + "-");
  }

  private final class Writer implements DistributedWrite.PartWriter {
    private final String prefix;
    private final List<DataFile> files = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private DataWriter<StructLike> current;
    private RecordMaker records;
    private dev.dataproduct.Schema recordsFor;
    private long rows;
    private long bytesDone;
    private boolean ended;

    Writer(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void write(Row row) {
      if (current == null) {
        current = newFile();
      }
      try {
        if (row.schema() != recordsFor) {
          recordsFor = row.schema();
          records = new RecordMaker(recordsFor, fileSchema, port, quarantine);
        }
        current.write(records.struct(row));
      } catch (UncheckedIOException e) {
        throw failure("writing a data file", e);
      }
      rows++;
      if (rows % IcebergPublicationWriter.SIZE_CHECK_ROWS == 0
          && current.length() >= targetFileBytes) {
        closeCurrent();
      }
    }

    private DataWriter<StructLike> newFile() {
      String path = table.locationProvider().newDataLocation(prefix + files.size()
          + ".parquet");
      paths.add(path);
      try {
        return Parquet.writeData(table.io().newOutputFile(path))
            .schema(fileSchema)
            .createWriterFunc(InternalWriter::createWriter)
            .setAll(table.properties())
            .withSpec(PartitionSpec.unpartitioned())
            .overwrite()
            .build();
      } catch (IOException e) {
        throw failure("creating a data file", e);
      }
    }

    private void closeCurrent() {
      try {
        current.close();
      } catch (IOException | UncheckedIOException e) {
        throw failure("closing a data file", e);
      }
      DataFile file = current.toDataFile();
      bytesDone += file.fileSizeInBytes();
      files.add(file);
      current = null;
    }

    @Override
    public DistributedWrite.Part finish() {
      if (ended) {
        throw new IllegalStateException("Part of port '" + port + "' already ended");
      }
      ended = true;
      if (current != null) {
        closeCurrent();
      }
      return new IcebergPart(files, paths, rows, bytesDone);
    }

    @Override
    public void abort() {
      if (current != null) {
        try {
          current.close();
        } catch (IOException | RuntimeException ignored) {
          // deleted below either way
        }
        current = null;
      }
      ended = true;
      for (String path : paths) {
        try {
          table.io().deleteFile(path);
        } catch (RuntimeException ignored) {
          // the driver's abort sweeps what is left
        }
      }
    }

    private dev.dataproduct.StorageException failure(String doing, Exception e) {
      return new dev.dataproduct.StorageException("Iceberg table " + table.name() + ": " + doing
          + " failed: " + e.getMessage(), "ICEBERG", e);
    }
  }
}
