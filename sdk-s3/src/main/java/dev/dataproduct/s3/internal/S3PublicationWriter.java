package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import dev.dataproduct.s3.FileFormat;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publication being streamed to S3: rows are encoded into the current data file, whose parts
 * upload in the background; a file rolls over at the maximum file size. Memory stays at most
 * {@code (uploadConcurrency + 1) x partSize} plus the encoder's buffer, whatever the size of the
 * publication. Nothing is visible before {@link #commit()} writes the manifest and moves the
 * pointer. Used by one thread.
 */
final class S3PublicationWriter implements PublicationWriter {
  private static final Logger LOG = LoggerFactory.getLogger(S3PublicationWriter.class);

  private enum State { OPEN, COMMITTING, COMMITTED, FAILED, ABORTED }

  private final S3PublicationStore store;
  private final WriteContext context;
  private final S3PublicationStore.Settings settings;
  private final FileFormat format;
  private final String staging;
  private final Instant openedAt;
  private final PartBuffers buffers;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final List<UploadStream> streams = new ArrayList<>();
  private final List<CompletableFuture<DataFile>> files = new ArrayList<>();
  private UploadStream current;
  private FileFormat.Encoder encoder;
  private long rowsInFile;
  private long rows;
  private long finishedBytes;
  private State state = State.OPEN;
  private boolean keepData;

  S3PublicationWriter(S3PublicationStore store, WriteContext context) {
    this.store = store;
    this.context = context;
    this.settings = store.settings();
    this.format = settings.format();
    this.openedAt = store.clock().instant();
    this.staging = store.filePerRun() ? "" : Layout.stagingPath(openedAt);
    this.buffers = new PartBuffers(settings.uploadConcurrency() + 1, settings.partSize());
  }

  @Override
  public void write(List<Row> batch) {
    Objects.requireNonNull(batch, "batch");
    if (state != State.OPEN) {
      throw new IllegalStateException("Publication on " + store.catalog().uri() + " is "
          + state.name().toLowerCase(java.util.Locale.ROOT) + "; write() needs an open one");
    }
    try {
      for (Row row : batch) {
        if (current == null) {
          startFile();
        }
        encoder.write(row);
        rowsInFile++;
        rows++;
        if (current.size() + encoder.bufferedBytes() >= settings.maxFileSize()) {
          finishFile();
        }
      }
    } catch (IOException e) {
      throw new StorageException("Encoding rows as " + format.name() + " for "
          + store.catalog().uri() + " failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private String path() {
    return store.filePerRun() ? context.runId() + format.extension()
        : staging + Layout.partName(streams.size(), format.extension());
  }

  private void startFile() throws IOException {
    String key = store.catalog().layout().key(path());
    current = new UploadStream(settings.ops(), key, format.contentType(), buffers,
        store.executor(), failure, settings.uploadChecksums());
    streams.add(current);
    encoder = format.encoder(context.contract().schema(), current);
    rowsInFile = 0;
  }

  private void finishFile() throws IOException {
    encoder.finish();
    String key = current.key();
    files.add(current.finish(rowsInFile, store.catalog().layout().path(key)));
    finishedBytes += current.size();
    current = null;
    encoder = null;
  }

  @Override
  public long bytesWritten() {
    long pending = current == null ? 0 : current.size() + encoder.bufferedBytes();
    return finishedBytes + pending;
  }

  @Override
  public Publication commit() {
    if (state != State.OPEN) {
      throw new IllegalStateException("Publication on " + store.catalog().uri() + " is "
          + state.name().toLowerCase(java.util.Locale.ROOT) + "; commit() needs an open one");
    }
    state = State.COMMITTING;
    try {
      if (current != null) {
        finishFile();
      }
      List<DataFile> done = new ArrayList<>(files.size());
      for (CompletableFuture<DataFile> f : files) {
        done.add(join(f));
      }
      Manifest draft = new Manifest(context.portName(), 0, context.runId(),
          context.productName(), context.productVersion(), store.clock().instant(),
          format.name(), rows, finishedBytes, context.contract(), done);
      Publication p = store.commit(draft, this);
      context.setAttribute("aws.s3.key", store.catalog().layout().manifestKey(p.id()));
      state = State.COMMITTED;
      return p;
    } catch (IOException e) {
      state = State.FAILED;
      throw new StorageException("Finishing the data files of " + store.catalog().uri()
          + " failed: " + e.getClass().getSimpleName(), e);
    } catch (RuntimeException e) {
      state = keepData ? State.COMMITTED : State.FAILED;
      throw e;
    }
  }

  private static DataFile join(CompletableFuture<DataFile> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new DataProductException("Uploading a data file failed", c);
    }
  }

  /** The publication is (or may become) visible: an abort must not delete its files. */
  void keepData() {
    keepData = true;
  }

  @Override
  public void abort() {
    if (state == State.ABORTED || state == State.COMMITTED) {
      return;
    }
    state = State.ABORTED;
    if (keepData) {
      return;
    }
    RuntimeException first = null;
    int problems = 0;
    for (UploadStream s : streams) {
      RuntimeException e = s.discard();
      if (e != null) {
        problems++;
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      LOG.warn("Aborting the publication of run {} on {} left {} staged files; retention"
          + " removes them after {}", context.runId(), store.catalog().uri(), problems,
          S3PublicationStore.ORPHAN_GRACE, first);
    }
  }
}
