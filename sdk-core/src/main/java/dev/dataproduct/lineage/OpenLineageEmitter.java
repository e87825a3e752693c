package dev.dataproduct.lineage;

import dev.dataproduct.RunListener;
import dev.dataproduct.RunResult;
import dev.dataproduct.spi.LineageDataset;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits an OpenLineage run event when a run starts (START) and ends (COMPLETE or FAIL): the job
 * is the product (with its owners as an {@code ownership} facet), the inputs and outputs its
 * ports, named by where their data lives per the OpenLineage naming spec ({@code
 * postgres://host:5432} and {@code db.schema.table}, {@code s3://bucket} and the key prefix, see
 * {@link LineageDataset}), with the product and port as a {@code dataproduct_port} facet, a
 * {@code schema} facet and, at the end, {@code dataQualityMetrics}, {@code
 * dataQualityAssertions} per contract rule, {@code outputStatistics}, the published {@code
 * version} and the {@code dataproduct_rows} accounting; the run carries the trace id, span id and
 * W3C {@code traceparent} of its {@code dataproduct.run} span ({@code dataproduct_trace}), which
 * transports that have headers also send as a {@code traceparent} header (HTTP does), so that a
 * lineage UI can jump to the run's trace.
 *
 * <pre>{@code
 * OpenLineageEmitter lineage = OpenLineageEmitter.builder(
 *         LineageTransports.http(URI.create("http://marquez:5000/api/v1/lineage")))
 *     .namespace("sales")
 *     .build();
 * DataProduct product = DataProduct.builder("daily-revenue")
 *     ...
 *     .listener(lineage)
 *     .build();
 * ...
 * lineage.close();   // flushes what is queued, then stops
 * }</pre>
 *
 * <p>Emission never blocks or fails a run: events go to a bounded queue that one background
 * thread drains into the transport. When the queue is full the event is dropped and counted
 * ({@link #dropped()}); a transport failure is logged and counted ({@link #failed()}). {@link
 * #close()} sends what is queued (waiting up to the close timeout) and closes the transport.
 * Thread-safe; one emitter may serve several products.
 */
public final class OpenLineageEmitter implements RunListener, AutoCloseable {
  /** The default {@code producer} of events: this SDK. */
  public static final URI DEFAULT_PRODUCER =
      URI.create("https://github.com/dataproduct-sdk/dataproduct-java");

  /** The W3C trace context header a run's events carry. */
  static final String TRACEPARENT = "traceparent";
  private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final LineageTransport transport;
  private final RunEvents events;
  private final BlockingQueue<Queued> queue;
  private final Duration closeTimeout;
  private final Thread worker;
  private final Object lock = new Object();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private long pending; // guarded by lock: accepted and not yet sent (or failed)
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean stopping;

  private OpenLineageEmitter(Builder b) {
    this.transport = b.transport;
    this.events = new RunEvents(b.producer, new RunEvents.Naming(b.namespace,
        Map.copyOf(b.inputs)));
    this.queue = new ArrayBlockingQueue<>(b.capacity);
    this.closeTimeout = b.closeTimeout;
    this.worker = new Thread(this::drain, "dataproduct-openlineage-" + THREADS.incrementAndGet());
    worker.setDaemon(true);
    worker.start();
  }

  /** A builder of an emitter sending to {@code transport}. */
  public static Builder builder(LineageTransport transport) {
    return new Builder(transport);
  }

  /** An event and the trace context of its run, waiting to be sent. */
  private record Queued(String json, Map<String, String> traceContext) {}

  @Override
  public void onStart(Start start) {
    offer(() -> events.start(start), start);
  }

  @Override
  public void onComplete(Start start, RunResult result) {
    offer(() -> events.complete(start, result), start);
  }

  private void offer(Supplier<String> event, Start start) {
    if (closed.get()) {
      drop("the emitter is closed");
      return;
    }
    String json;
    try {
      json = event.get();
    } catch (RuntimeException e) {
      long n = failed.incrementAndGet();
      if (Long.bitCount(n) == 1) {
        LOG.warn("Could not build an OpenLineage event ({} so far)", n, e);
      }
      return;
    }
    Queued queued = new Queued(json, start.traceparent()
        .map(t -> Map.of(TRACEPARENT, t)).orElse(Map.of()));
    synchronized (lock) {
      pending++;
    }
    if (!queue.offer(queued)) {
      done();
      drop("the queue is full");
    } else if (stopping && queue.remove(queued)) {
      // raced with close(): the worker may already be gone
      done();
      drop("the emitter is closed");
    }
  }

  private void drop(String why) {
    long n = dropped.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.warn("OpenLineage event dropped because {} ({} dropped so far)", why, n);
    }
  }

  private void done() {
    synchronized (lock) {
      pending--;
      lock.notifyAll();
    }
  }

  private void drain() {
    while (!stopping || !queue.isEmpty()) {
      Queued event;
      try {
        event = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        // close() gave up waiting: drop what is left
        break;
      }
      if (event == null) {
        continue;
      }
      try {
        transport.send(event.json(), event.traceContext());
        emitted.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        long n = failed.incrementAndGet();
        if (Long.bitCount(n) == 1) {
          LOG.warn("OpenLineage transport {} failed ({} failures so far)", transport, n, e);
        }
      } finally {
        done();
      }
    }
  }

  /**
   * Waits until every accepted event was sent (or failed), at most {@code timeout}.
   *
   * @return whether everything was sent in time
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Events delivered to the transport. */
  public long emitted() {
    return emitted.get();
  }

  /** Events dropped because the queue was full or the emitter closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Events that could not be built or delivered. */
  public long failed() {
    return failed.get();
  }

  /**
   * Sends what is queued (waiting up to the close timeout; what is left is dropped), stops the
   * background thread and closes the transport. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean flushed = flush(closeTimeout);
    stopping = true;
    if (!flushed) {
      worker.interrupt();
    }
    try {
      worker.join(closeTimeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    queue.clear();
    if (left > 0) {
      dropped.addAndGet(left);
      LOG.warn("OpenLineage emitter closed with {} unsent events", left);
    }
    try {
      transport.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Closing OpenLineage transport {} failed", transport, e);
    }
  }

  @Override
  public String toString() {
    return "OpenLineageEmitter{" + transport + ", emitted " + emitted + ", dropped " + dropped
        + ", failed " + failed + "}";
  }

  /** Builds an {@link OpenLineageEmitter}. */
  public static final class Builder {
    private final LineageTransport transport;
    private String namespace = "dataproduct";
    private URI producer = DEFAULT_PRODUCER;
    private int capacity = 1_000;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private final Map<String, LineageDataset> inputs = new LinkedHashMap<>();

    private Builder(LineageTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * The namespace of the job (default {@code dataproduct}), and of the datasets of ports whose
     * storage does not name them, which are named {@code <product>.<port>}. Ports on PostgreSQL,
     * H2, S3, Kafka, Iceberg and in-memory stores are named by their storage, per the OpenLineage
     * naming spec (see {@link LineageDataset}).
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (namespace.isBlank()) {
        throw new IllegalArgumentException("Namespace must not be blank");
      }
      this.namespace = namespace;
      return this;
    }

    /** The {@code producer} URI of the events (default {@link #DEFAULT_PRODUCER}). */
    public Builder producer(URI producer) {
      this.producer = Objects.requireNonNull(producer, "producer");
      return this;
    }

    /**
     * Names the dataset input port {@code port} reads, overriding what the port says of itself
     * ({@link dev.dataproduct.InputPort#lineageDataset()}): for a port that cannot tell, such
     * as a JDBC query, name the table it reads. Unmapped ports that cannot tell are named {@code
     * <product>.<port>} in the emitter's namespace.
     */
    public Builder inputDataset(String port, String namespace, String name) {
      inputs.put(Objects.requireNonNull(port, "port"), LineageDataset.of(namespace, name));
      return this;
    }

    /** How many events may wait to be sent (default 1,000); beyond, events are dropped. */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("Queue capacity must be >= 1, was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** How long {@code close()} waits for queued events to be sent (default 10 s). */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("Close timeout must be >= 0, was " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /** The emitter, with its background thread started. */
    public OpenLineageEmitter build() {
      return new OpenLineageEmitter(this);
    }
  }
}
