package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.spi.PublicationWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publication: a connection in a transaction, owned by a dedicated writer thread that moves
 * batches into the database (COPY encoding, statement execution) while the run thread goes on
 * checking the next rows. The run thread only stages each batch through the sink ({@link
 * RowSink#stage}: a copy of the rows, or on H2 the bound statements) before queueing it. Batches travel through a bounded queue, so memory stays bounded and a
 * slow database slows the run down instead of filling the heap.
 *
 * <p>The writer thread does everything else on the connection: writes, then on commit the last
 * flush, the publication log entry and the {@code COMMIT}; on abort or failure the rollback.
 * Nothing is visible to other connections before that commit.
 */
final class JdbcPublicationWriter<S> implements PublicationWriter {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPublicationWriter.class);
  /** Batches in flight between the run thread and the writer thread. */
  private static final int QUEUE_BATCHES = 4;
  private static final long POLL_MILLIS = 50;
  private static final long ABORT_WAIT_SECONDS = 30;
  private static final Object ABORT = new Object();

  /** Completes the publication inside its transaction, on the writer thread. */
  @FunctionalInterface
  interface Completion {
    Publication complete(Connection connection, long rows, long bytes) throws SQLException;
  }

  private record Commit(long rows) {}

  private final String what;
  private final Connection connection;
  private final RowSink<S> sink;
  private final Completion completion;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread thread;
  private volatile DataProductException failure;
  private volatile Publication publication;
  private long rows;
  private boolean ended;

  /**
   * Takes over {@code connection} (in a transaction, the sink set up on it) and starts the writer
   * thread.
   *
   * @param what the publication for messages: "Output port 'x' (table t)"
   */
  JdbcPublicationWriter(String what, String threadName, Connection connection, RowSink<S> sink,
      Completion completion) {
    this.what = what;
    this.connection = connection;
    this.sink = sink;
    this.completion = completion;
    this.thread = new Thread(this::drain, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void write(List<Row> batch) {
    if (ended) {
      throw new IllegalStateException(what + ": write after commit or abort");
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      sink.stage(batch, this::enqueue);
    } catch (SQLException | RuntimeException e) {
      DataProductException f = failure;
      if (f != null) {
        throw f; // the writer stopped first; staging failed because it did
      }
      if (e instanceof IllegalArgumentException) {
        // a value the column cannot take, reported by a binder without the value
        throw new DataProductException(what + ": " + e.getMessage(), Sql.sanitize(e));
      }
      throw e instanceof SQLException ? Sql.storage(what + ": writing failed", (SQLException) e)
          : (RuntimeException) e;
    }
    rows += batch.size();
  }

  @Override
  public Publication commit() {
    if (ended) {
      throw new IllegalStateException(what + ": commit after commit or abort");
    }
    ended = true;
    enqueue(new Commit(rows));
    awaitUninterruptibly();
    if (failure != null) {
      throw failure;
    }
    return publication;
  }

  @Override
  public void abort() {
    if (ended && done.getCount() == 0) {
      return;
    }
    ended = true;
    queue.clear();
    queue.offer(ABORT);
    try {
      if (!done.await(ABORT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{}: the writer did not stop within {} s; closing its connection", what,
            ABORT_WAIT_SECONDS);
        try {
          connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
          LOG.debug("Aborting the connection failed", Sql.sanitize(e));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public long bytesWritten() {
    return sink.bytes();
  }

  private void enqueue(Object item) {
    try {
      while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (failure != null || done.getCount() == 0) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new DataProductException(what + ": interrupted while writing", e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void awaitUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    boolean committed = false;
    try {
      while (true) {
        Object item = queue.take();
        if (item == ABORT) {
          break;
        }
        if (item instanceof Commit) {
          sink.finish();
          Publication p = completion.complete(connection, ((Commit) item).rows(), sink.bytes());
          connection.commit();
          committed = true;
          publication = p;
          break;
        }
        @SuppressWarnings("unchecked") // only stage() results are queued besides the markers
        S staged = (S) item;
        sink.write(staged);
      }
    } catch (SQLException e) {
      failure = Sql.storage(what + ": writing failed", e);
    } catch (DataProductException e) {
      failure = e;
    } catch (IllegalArgumentException e) {
      // a value the column cannot take, reported by an encoder without the value
      failure = new DataProductException(what + ": " + e.getMessage(), Sql.sanitize(e));
    } catch (InterruptedException e) {
      failure = new DataProductException(what + ": the writer was interrupted", e);
    } catch (RuntimeException | Error e) {
      failure = new DataProductException(what + ": writing failed with "
          + e.getClass().getName(), Sql.sanitize(e));
    } finally {
      if (!committed) {
        sink.cancel();
        Sql.rollbackQuietly(connection);
      }
      Sql.closeQuietly(connection);
      queue.clear();
      done.countDown();
    }
  }
}
