package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publication being streamed to S3, in a pipeline of three stages that run at once: the
 * caller's thread hands over batches (after the runtime checked them), an encoder thread turns
 * them into the bytes of the current data file, and upload threads send each full part. A file
 * rolls over at the maximum file size. Memory stays bounded whatever the size of the
 * publication: at most {@value #QUEUED_BATCHES} batches waiting for the encoder and {@code
 * (uploadConcurrency + 1) x partSize} bytes of parts; each stage blocks when the next one falls
 * behind. Nothing is visible before {@link #commit()} writes the manifest and moves the pointer.
 *
 * <p>The caller uses it from one thread. The encoder thread owns the files, the encoder and the
 * counts until {@link #commit()} or {@link #abort()} has waited for it to stop; a failure of the
 * encoder or of an upload is rethrown to the caller by its next call.
 */
final class S3PublicationWriter implements PublicationWriter {
  private static final Logger LOG = LoggerFactory.getLogger(S3PublicationWriter.class);
  static final int QUEUED_BATCHES = 4;
  /** Tells the encoder thread that no more batches come (compared by identity). */
  private static final List<Row> END = new ArrayList<>(0);

  private enum State { OPEN, COMMITTING, COMMITTED, FAILED, ABORTED }

  private final S3PublicationStore store;
  private final WriteContext context;
  private final S3PublicationStore.Settings settings;
  private final FileFormat format;
  private final String staging;
  private final PartBuffers buffers;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private Future<?> encoding;
  private volatile boolean stopping;
  private volatile long encodedBytes;
  private State state = State.OPEN;
  private boolean keepData;

  // owned by the encoder thread while it runs
  private final List<UploadStream> streams = new ArrayList<>();
  private final List<CompletableFuture<DataFile>> files = new ArrayList<>();
  private UploadStream current;
  private FileFormat.Encoder encoder;
  private long rowsInFile;
  private long rows;
  private long finishedBytes;

  S3PublicationWriter(S3PublicationStore store, WriteContext context) {
    this.store = store;
    this.context = context;
    this.settings = store.settings();
    this.format = settings.format();
    Instant openedAt = store.clock().instant();
    this.staging = store.filePerRun() ? "" : Layout.stagingPath(openedAt);
    this.buffers = new PartBuffers(settings.uploadConcurrency() + 1, settings.partSize());
  }

  @Override
  public void write(List<Row> batch) {
    Objects.requireNonNull(batch, "batch");
    requireOpen("write()");
    rethrow();
    if (batch.isEmpty()) {
      return;
    }
    if (encoding == null) {
      encoding = store.executor().submit(this::encodeAll);
    }
    hand(batch);
  }

  private void requireOpen(String what) {
    if (state != State.OPEN) {
      throw new IllegalStateException("Publication on " + store.catalog().uri() + " is "
          + state.name().toLowerCase(Locale.ROOT) + "; " + what + " needs an open one");
    }
  }

  private void rethrow() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw S3Errors.unexpected(e, "Writing " + store.catalog().uri());
    }
  }

  /** Queues a batch for the encoder, waiting while it is behind; fails when the encoder did. */
  private void hand(List<Row> batch) {
    try {
      while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        rethrow();
        if (encoding.isDone()) {
          throw new IllegalStateException("The encoder of " + store.catalog().uri()
              + " stopped without a failure");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataProductException("Interrupted while handing rows to the encoder of "
          + store.catalog().uri());
    }
  }

  // -------------------------------------------------------------------------------------------
  // the encoder thread

  private void encodeAll() {
    try {
      while (!stopping) {
        List<Row> batch = queue.take();
        if (batch == END || stopping) {
          break;
        }
        encode(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new DataProductException("The encoder of "
          + store.catalog().uri() + " was interrupted"));
    } catch (IOException e) {
      failure.compareAndSet(null, new StorageException("Encoding rows as " + format.name()
          + " for " + store.catalog().uri() + " failed: " + e.getClass().getSimpleName(), e));
    } catch (DataProductException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      // an encoder's own exception may quote the value it choked on: keep its class only
      failure.compareAndSet(null, new StorageException("Encoding rows as " + format.name()
          + " for " + store.catalog().uri() + " failed: " + e.getClass().getSimpleName(), e));
    } catch (Error e) {
      failure.compareAndSet(null, new DataProductException("The encoder of "
          + store.catalog().uri() + " failed: " + e.getClass().getSimpleName(), e));
      throw e;
    }
  }

  private void encode(List<Row> batch) throws IOException {
    long max = settings.maxFileSize();
    for (Row row : batch) {
      if (current == null) {
        startFile();
      }
      encoder.write(row);
      rowsInFile++;
      rows++;
      if (current.size() + encoder.bufferedBytes() >= max) {
        finishFile();
      }
    }
    encodedBytes = finishedBytes + (current == null ? 0
        : current.size() + encoder.bufferedBytes());
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

  // -------------------------------------------------------------------------------------------

  /** Bytes encoded so far (as of the last batch the encoder finished). */
  @Override
  public long bytesWritten() {
    return encodedBytes;
  }

  /** Waits until the encoder thread has stopped; true when it stopped cleanly. */
  private boolean awaitEncoder() {
    if (encoding == null) {
      return true;
    }
    try {
      encoding.get();
      return true;
    } catch (ExecutionException e) {
      return false; // encodeAll reports through the failure slot; it does not throw
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataProductException("Interrupted while waiting for the encoder of "
          + store.catalog().uri());
    }
  }

  @Override
  public Publication commit() {
    requireOpen("commit()");
    state = State.COMMITTING;
    try {
      if (encoding != null) {
        hand(END);
        awaitEncoder();
      }
      rethrow();
      if (current != null) {
        finishFile();
      }
      List<DataFile> done = new ArrayList<>(files.size());
      for (CompletableFuture<DataFile> f : files) {
        done.add(join(f));
      }
      encodedBytes = finishedBytes;
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
        throw S3Errors.unexpected((RuntimeException) c, "Uploading a data file");
      }
      throw new DataProductException("Uploading a data file failed", S3Errors.sanitize(c));
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
    stopping = true;
    queue.clear();
    queue.offer(END); // wakes an encoder waiting for a batch; room was just made
    try {
      awaitEncoder();
    } catch (RuntimeException e) {
      LOG.warn("Aborting the publication of run {} on {}: the encoder did not stop",
          context.runId(), store.catalog().uri(), e);
      return; // the encoder may still touch the files: leave them to retention
    }
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
