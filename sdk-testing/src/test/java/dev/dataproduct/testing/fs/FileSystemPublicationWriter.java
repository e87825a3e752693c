package dev.dataproduct.testing.fs;

import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

// tag::writer[]
/**
 * One publication: rows are encoded to a staged file nobody reads; {@link #commit} hands it to
 * the store, which gives it an id and makes it visible; {@link #abort} deletes it.
 */
final class FileSystemPublicationWriter implements PublicationWriter {
  private final FileSystemPublicationStore store;
  private final WriteContext context;
  private final Path staged;
  private final OutputStream out;
  private final FileFormat.Encoder encoder;
  private long rows;
  private boolean ended;

  FileSystemPublicationWriter(FileSystemPublicationStore store, WriteContext context,
      Path staged, FileFormat format) throws IOException {
    this.store = store;
    this.context = context;
    this.staged = staged;
    this.out = Files.newOutputStream(staged);
    this.encoder = format.encoder(context.contract().schema(), out);
  }

  @Override
  public void write(List<Row> batch) {
    requireOpen("write");
    try {
      for (Row row : batch) {
        encoder.write(row);
      }
      rows += batch.size();
    } catch (IOException e) {
      throw new StorageException("Writing " + staged + " failed", e);
    }
  }

  @Override
  public Publication commit() {
    requireOpen("commit");
    ended = true;
    try {
      encoder.finish();
      out.close();
      return store.commit(context, staged, rows);
    } catch (IOException e) {
      deleteStaged();
      throw new StorageException("Committing the publication of run " + context.runId()
          + " in " + store.directory() + " failed", e);
    }
  }

  @Override
  public void abort() {
    if (ended) {
      return; // idempotent; never deletes a committed publication
    }
    ended = true;
    try {
      out.close();
    } catch (IOException e) {
      // the file is deleted below either way
    }
    deleteStaged();
  }

  @Override
  public long bytesWritten() {
    try {
      return Files.exists(staged) ? Files.size(staged) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private void requireOpen(String what) {
    if (ended) {
      throw new IllegalStateException("The publication of run " + context.runId() + " has"
          + " ended (committed or aborted); " + what + " needs an open one");
    }
  }

  private void deleteStaged() {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      // an orphan in _staging is never read; nothing references it
    }
  }
}
// end::writer[]
