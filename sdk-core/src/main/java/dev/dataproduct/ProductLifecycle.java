package dev.dataproduct;

import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Open or closed, and the runs in progress, of one {@link DataProduct}: runs enter and leave,
 * {@link #beginClose()} refuses new runs and waits for the ones in progress. Shared with the
 * output ports the product binds, so that reads through them fail once it is closed; and {@link
 * #release} of what its ports own when it closes.
 */
final class ProductLifecycle {
  private final String product;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  /** Runs in progress per thread (a run may run another product, or this one, nested). */
  private final Map<Thread, Integer> running = new HashMap<>();
  private int active;
  private volatile boolean closed;
  /** Continuous runs of the product, stopped when it closes. */
  private final java.util.List<ContinuousRun> continuous =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  ProductLifecycle(String product) {
    this.product = product;
  }

  /** Registers a run of the current thread; pair with {@link #leave()} in a finally. */
  void enter() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("Product '" + product
            + "' is closed and cannot run any more; build a new product to run it again");
      }
      active++;
      running.merge(Thread.currentThread(), 1, Integer::sum);
    } finally {
      lock.unlock();
    }
  }

  void leave() {
    lock.lock();
    try {
      active--;
      running.computeIfPresent(Thread.currentThread(), (t, n) -> n == 1 ? null : n - 1);
      if (active == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Fails when the product is closed (or closing): {@code what} says what was attempted. */
  void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException("Product '" + product + "' is closed; " + what
          + " through it is no longer possible");
    }
  }

  /** Registers a continuous run; fails when the product is closed. */
  void register(ContinuousRun run) {
    checkOpen("running continuously");
    continuous.add(run);
  }

  /** Stops every continuous run gracefully (each completes its micro-batch in progress). */
  void stopContinuousRuns() {
    for (ContinuousRun run : continuous) {
      run.stop();
    }
    continuous.clear();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Marks the product closed and waits until no run is in progress. If the waiting thread is
   * interrupted it stops waiting and keeps its interrupt flag.
   *
   * @return false when the product was already closed (or is being closed by another thread)
   * @throws IllegalStateException when called from within a run of the product (it would wait
   *     for itself)
   */
  boolean beginClose() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      if (running.containsKey(Thread.currentThread())) {
        throw new IllegalStateException("Product '" + product
            + "' cannot be closed from within one of its own runs; close it after run() returns");
      }
      closed = true;
      while (active > 0) {
        try {
          idle.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Releases what a product's ports own: every input port, every output port's store (which
   * releases its own quarantine), every quarantine store given to a port or as the input
   * quarantine, each once even when shared. A failing close does not stop the others; the first
   * failure is thrown once all were tried, the later ones suppressed.
   */
  static void release(Collection<InputPort> inputs, Collection<OutputPort> outputs,
      PublicationStore configuredInputQuarantine) {
    Set<AutoCloseable> done = Collections.newSetFromMap(new IdentityHashMap<>());
    RuntimeException failure = null;
    for (InputPort in : inputs) {
      failure = closeOnce(in, done, failure);
    }
    for (OutputPort out : outputs) {
      PublicationStore store = PortStorage.store(out);
      failure = closeOnce(store, done, failure);
      // the store releases its own quarantine; one handed to the port is the port's
      PublicationStore quarantine = PortStorage.quarantine(out);
      if (quarantine != store.quarantine()) {
        failure = closeOnce(quarantine, done, failure);
      }
    }
    if (configuredInputQuarantine != null) {
      failure = closeOnce(configuredInputQuarantine, done, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException closeOnce(AutoCloseable c, Set<AutoCloseable> done,
      RuntimeException failure) {
    if (!done.add(c)) {
      return failure;
    }
    try {
      c.close();
    } catch (Exception e) {
      // InputPort and PublicationStore declare no checked exception; a subclass could still
      // sneak one through
      RuntimeException r = e instanceof RuntimeException ? (RuntimeException) e
          : new DataProductException("Closing " + c + " failed", e);
      if (failure == null) {
        return r;
      }
      failure.addSuppressed(r);
    }
    return failure;
  }
}
