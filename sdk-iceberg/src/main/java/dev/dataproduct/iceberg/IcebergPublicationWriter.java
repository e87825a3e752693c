package dev.dataproduct.iceberg;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.DataProductException;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * One publication: rows go to Parquet data files under the table's data location (rolled over at
 * {@code targetFileBytes}); nothing is visible until {@link #commit()} adds every file in one
 * snapshot. {@link #abort()} deletes the files written, unless a commit of unknown outcome may
 * reference them.
 *
 * <p>A pipeline of two stages that run at once, as the S3 port's: the caller's thread converts
 * batches (after the runtime checked them) to Iceberg's internal values ({@link RecordMaker}) and
 * hands them over, and a writer thread of the publication encodes them into the data files, so
 * that the checks and conversion of the next batch and the Parquet encoding of the last one use
 * both cores. (The conversion sits on the caller's side because the encoding is the slower stage:
 * about 1 µs a row against 0.3 µs for the checks, on the benchmark's rows.) Memory stays bounded: at most {@value #QUEUED_BATCHES} batches wait for the
 * writer, and the caller blocks when it falls behind. The writer thread owns the files and the
 * counts until {@link #commit()} or {@link #abort()} has waited for it to stop; its failure is
 * rethrown to the caller by the next call. The caller uses the writer from one thread.
 */
final class IcebergPublicationWriter implements PublicationWriter {
  static final int QUEUED_BATCHES = 4;
  /**
   * Rows written between two looks at the open file's size (Parquet's {@code length()} sums
   * every column's buffers, too dear for each row); also used by {@link IcebergPartWriters}.
   */
  static final int SIZE_CHECK_ROWS = 8192;
  /** Tells the writer thread that no more batches come (compared by identity). */
  private static final List<Object[]> END = new ArrayList<>(0);

  private final IcebergPublicationStore store;
  private final WriteContext context;
  private final Table table;
  private final Schema fileSchema;
  private final RecordMaker records;
  private final String token = UUID.randomUUID().toString();
  private final BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private Thread writer;
  private volatile boolean stopping;
  private volatile long bytesSoFar;
  private boolean ended;

  // owned by the writer thread while it runs
  private final List<DataFile> files = new ArrayList<>();
  private final List<String> written = new ArrayList<>();
  private final RecordMaker.View view = RecordMaker.view();
  private DataWriter<StructLike> current;
  private long rows;
  private long bytesDone;

  IcebergPublicationWriter(IcebergPublicationStore store, WriteContext context, Table table,
      Schema fileSchema) {
    this.store = store;
    this.context = context;
    this.table = table;
    this.fileSchema = fileSchema;
    this.records = new RecordMaker(context.contract().schema(), fileSchema, context.portName(),
        store.isQuarantine());
  }

  @Override
  public void write(List<Row> batch) {
    if (ended) {
      throw new IllegalStateException("Publication of port '" + context.portName()
          + "' already ended");
    }
    rethrow();
    if (batch.isEmpty()) {
      return;
    }
    if (writer == null) {
      writer = new Thread(this::writeAll, "dataproduct-iceberg-" + context.portName());
      writer.setDaemon(true);
      writer.start();
    }
    // converted here, so that the writer thread, the pipeline's slower stage, only encodes
    List<Object[]> values = new ArrayList<>(batch.size());
    for (Row row : batch) {
      values.add(records.values(row));
    }
    try {
      while (!queue.offer(values, 50, TimeUnit.MILLISECONDS)) {
        rethrow();
        if (!writer.isAlive()) {
          throw new IllegalStateException("The writer of port '" + context.portName()
              + "' stopped without a failure");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataProductException("Interrupted while handing rows to the writer of port '"
          + context.portName() + "'");
    }
  }

  private void rethrow() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // the writer thread

  private void writeAll() {
    try {
      while (true) {
        List<Object[]> batch = queue.take();
        if (batch == END || stopping) {
          return;
        }
        writeBatch(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new DataProductException("The writer of port '"
          + context.portName() + "' was interrupted"));
    } catch (UncheckedIOException e) {
      failure.compareAndSet(null, store.failure("writing a data file", e));
    } catch (DataProductException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      // a writer's own exception may quote the value it choked on: keep its class only
      failure.compareAndSet(null, new StorageException("Iceberg writer of port '"
          + context.portName() + "' failed: " + e.getClass().getSimpleName(), "ICEBERG", e));
    } catch (Error e) {
      failure.compareAndSet(null, new DataProductException("The writer of port '"
          + context.portName() + "' failed: " + e.getClass().getSimpleName(), e));
      throw e;
    }
  }

  private void writeBatch(List<Object[]> batch) {
    for (Object[] row : batch) {
      if (current == null) {
        current = newFile();
      }
      current.write(view.of(row));
      rows++;
      if (rows % SIZE_CHECK_ROWS == 0 && current.length() >= store.targetFileBytes()) {
        closeCurrent();
      }
    }
    bytesSoFar = bytesDone + (current == null ? 0 : current.length());
  }

  private DataWriter<StructLike> newFile() {
    String path = table.locationProvider().newDataLocation(
        "pub-" + context.runId() + "-" + token.substring(0, 8) + "-" + files.size()
            + ".parquet");
    written.add(path);
    try {
      return Parquet.writeData(table.io().newOutputFile(path))
          .schema(fileSchema)
          .createWriterFunc(InternalWriter::createWriter)
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

  // -------------------------------------------------------------------------------------------

  /** Waits for the writer thread to end: after the queued batches, or at once when stopping. */
  private void awaitWriter(boolean stop) {
    if (writer == null) {
      return;
    }
    if (stop) {
      stopping = true;
      queue.clear();
    }
    boolean interrupted = false;
    try {
      while (writer.isAlive()) {
        try {
          if (queue.offer(END, 50, TimeUnit.MILLISECONDS)) {
            writer.join();
          }
        } catch (InterruptedException e) {
          interrupted = true;
          stopping = true;
          queue.clear();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Publication commit() {
    if (ended) {
      throw new IllegalStateException("Publication of port '" + context.portName()
          + "' already ended");
    }
    ended = true;
    try {
      awaitWriter(false);
      if (Thread.currentThread().isInterrupted()) {
        throw new DataProductException("Interrupted while waiting for the writer of port '"
            + context.portName() + "'");
      }
      rethrow();
      if (current != null) {
        closeCurrent();
      }
      return store.commit(context, fileSchema, files, rows, token);
    } catch (CommitOutcomeUnknownException e) {
      throw e; // the snapshot may reference the files: they stay
    } catch (RuntimeException e) {
      closeQuietly();
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
    awaitWriter(true);
    closeQuietly();
    deleteFiles();
  }

  private void closeQuietly() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException | RuntimeException ignored) {
        // the file is deleted either way
      }
      current = null;
    }
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
    return writer != null && writer.isAlive() ? bytesSoFar
        : bytesDone + (current == null ? 0 : current.length());
  }
}
