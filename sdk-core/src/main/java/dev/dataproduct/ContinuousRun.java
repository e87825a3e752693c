package dev.dataproduct;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A product running as a sequence of micro-batch runs, on a thread of its own, until stopped. Each
 * micro-batch is a normal {@link DataProduct#run()}: its own run id, accounting, spans, meters and
 * one publication per output port. A stream input port bounds each micro-batch (e.g. {@code
 * KafkaInputPort}: at most 10,000 records or 100 ms); between micro-batches the loop waits until
 * an input port has data ({@link InputPort#awaitData}), so an idle stream publishes nothing.
 *
 * <pre>{@code
 * ContinuousRun stream = product.runContinuously(ContinuousRun.options()
 *     .onResult(result -> log.info("micro-batch {}: {}", result.runId(), result.outcome())));
 * ...
 * stream.stop();   // graceful: the micro-batch in progress completes (commits or aborts)
 * }</pre>
 *
 * <p>A failed micro-batch publishes nothing; its input is read again by the next one (a stream
 * port rewinds to the last committed position), after a back-off that grows with each
 * consecutive failure. After {@link Options#maxConsecutiveFailures} failures in a row the loop
 * stops and {@link #failure()} holds the last error. A micro-batch that ends {@link
 * RunOutcome#COMMIT_UNKNOWN} or {@link RunOutcome#PARTIALLY_PUBLISHED} stops the loop at once: part
 * of it may be visible, and the next micro-batch would read the same input again and could
 * publish it twice; find out which ports published (the error says where to look) before starting
 * it again. {@link DataProduct#close()} stops the
 * product's continuous runs first (gracefully), then releases its ports. Thread-safe.
 */
public final class ContinuousRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContinuousRun.class);

  private final DataProduct product;
  private final Options options;
  private final Thread thread;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong failedRuns = new AtomicLong();
  private volatile boolean stopping;
  private volatile RunResult last;
  private volatile Throwable failure;

  private ContinuousRun(DataProduct product, Options options) {
    this.product = product;
    this.options = options;
    this.thread = new Thread(this::loop, "dataproduct-continuous-" + product.name());
    thread.setDaemon(options.daemon);
  }

  /** Options with the defaults: idle wait 500 ms, back-off 1 s, at most 10 failures in a row. */
  public static Options options() {
    return new Options();
  }

  static ContinuousRun start(DataProduct product, Options options, ProductLifecycle lifecycle) {
    ContinuousRun run = new ContinuousRun(product, options);
    lifecycle.register(run);
    run.thread.start();
    return run;
  }

  private void loop() {
    int consecutive = 0;
    try {
      while (!stopping) {
        if (!awaitInput()) {
          continue;
        }
        RunResult result;
        try {
          result = product.run();
        } catch (IllegalStateException closed) {
          break; // the product was closed
        }
        runs.incrementAndGet();
        last = result;
        notify(result);
        if (result.outcome() == RunOutcome.COMMIT_UNKNOWN
            || result.outcome() == RunOutcome.PARTIALLY_PUBLISHED) {
          // some of the micro-batch may be visible: the next one would read the same input again
          // and could publish it twice, so an operator decides (see RunOutcome)
          failedRuns.incrementAndGet();
          failure = result.error().orElse(null);
          LOG.error("Continuous run of {} stops: micro-batch {} ended {}; find out which ports"
              + " published before starting it again", product.name(), result.runId(),
              result.outcome());
          break;
        }
        if (result.outcome() == RunOutcome.FAILED) {
          failedRuns.incrementAndGet();
          consecutive++;
          if (consecutive >= options.maxConsecutiveFailures) {
            failure = result.error().orElse(null);
            LOG.error("Continuous run of {} stops after {} failed micro-batches in a row",
                product.name(), consecutive);
            break;
          }
          pause(options.backoff.multipliedBy(Math.min(consecutive, 30)));
        } else {
          consecutive = 0;
        }
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("Continuous run of {} stopped: {}", product.name(), e.getClass().getName());
    }
  }

  private boolean awaitInput() {
    if (product.inputs().isEmpty()) {
      pause(options.idleWait);
      return !stopping;
    }
    for (InputPort in : product.inputs().values()) {
      if (stopping) {
        return false;
      }
      try {
        if (in.awaitData(options.idleWait)) {
          return !stopping;
        }
      } catch (RuntimeException e) {
        if (stopping) {
          return false;
        }
        LOG.warn("Continuous run of {}: waiting for input port {} failed: {}", product.name(),
            in.name(), e instanceof DataProductException ? e.getMessage()
                : e.getClass().getName());
        pause(options.backoff);
      }
    }
    return false;
  }

  private void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    while (!stopping) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
  }

  private void notify(RunResult result) {
    Consumer<RunResult> l = options.onResult;
    if (l == null) {
      return;
    }
    try {
      l.accept(result);
    } catch (RuntimeException e) {
      LOG.warn("Result listener of the continuous run of {} failed", product.name(), e);
    }
  }

  /**
   * Stops gracefully: no new micro-batch starts; the one in progress completes. Waits until the
   * loop has ended. Idempotent.
   */
  public void stop() {
    stopping = true;
    if (Thread.currentThread() == thread) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops gracefully, waiting at most {@code timeout}.
   *
   * @return whether the loop has ended
   */
  public boolean stop(Duration timeout) {
    stopping = true;
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Whether the loop is still running (not stopped, not given up). */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Micro-batches run so far (failed ones included). */
  public long runs() {
    return runs.get();
  }

  /** Micro-batches that failed so far. */
  public long failedRuns() {
    return failedRuns.get();
  }

  /** The result of the latest micro-batch, if any. */
  public Optional<RunResult> lastResult() {
    return Optional.ofNullable(last);
  }

  /** Why the loop gave up, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "ContinuousRun{" + product.name() + ", runs " + runs.get()
        + (isRunning() ? ", running" : ", stopped") + "}";
  }

  /** How a continuous run waits, backs off and reports. */
  public static final class Options {
    private Duration idleWait = Duration.ofMillis(500);
    private Duration backoff = Duration.ofSeconds(1);
    private int maxConsecutiveFailures = 10;
    private Consumer<RunResult> onResult;
    private boolean daemon;

    private Options() {}

    /** How long one wait for input lasts before the loop checks for a stop (default 500 ms). */
    public Options idleWait(Duration idleWait) {
      this.idleWait = positive(idleWait, "idleWait");
      return this;
    }

    /** The pause after a failed micro-batch, times the failures in a row (default 1 s). */
    public Options backoff(Duration backoff) {
      this.backoff = positive(backoff, "backoff");
      return this;
    }

    /** Failed micro-batches in a row after which the loop gives up (default 10). */
    public Options maxConsecutiveFailures(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConsecutiveFailures must be >= 1, was " + max);
      }
      this.maxConsecutiveFailures = max;
      return this;
    }

    /** Told the result of every micro-batch, on the loop's thread. */
    public Options onResult(Consumer<RunResult> listener) {
      this.onResult = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Run the loop on a daemon thread (default: not, so the JVM waits for a stop). */
    public Options daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
