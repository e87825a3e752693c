package dev.dataproduct.kafka;

import dev.dataproduct.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The one transactional producer of an output port and the transaction in progress. A
 * transactional producer runs one transaction at a time, so publications of the port are
 * serialized: {@link #begin} waits until the previous publication committed or aborted.
 *
 * <p>{@code transactional.id} is {@code dataproduct.<product>.<port>} unless the properties set
 * one. A producer started with the same id (the product restarted elsewhere, or a second
 * instance) fences this one: every later publication of this port fails with a {@link
 * StorageException} saying so; the port stays fenced (close the product; the newer instance owns
 * the port).
 */
final class TxnProducer {
  private final KafkaClients clients;
  private final String configuredId;
  private final Semaphore permit = new Semaphore(1, true);
  private KafkaProducer<byte[], byte[]> producer;
  private String transactionalId;
  private volatile boolean fenced;
  private volatile Txn current;
  private boolean closed;
  /** Incremented each time a producer is initialized (and fences its predecessors). */
  private volatile int generation;

  /** The transaction of one run: its owner writer and the writers that joined it. */
  final class Txn {
    final String runId;
    volatile State state = State.OPEN;
    /** Writers that joined and staged their publication in this transaction. */
    final List<TopicWriter> staged = new ArrayList<>();

    Txn(String runId) {
      this.runId = runId;
    }

    KafkaProducer<byte[], byte[]> producer() {
      return producer;
    }
  }

  enum State { OPEN, COMMITTED, ABORTED }

  TxnProducer(KafkaClients clients, String configuredId) {
    this.clients = clients;
    this.configuredId = configuredId;
  }

  static String transactionalId(String product, String port) {
    return "dataproduct." + product + "." + port;
  }

  /** The transaction of run {@code runId} in progress, if any; writers of that run join it. */
  Txn joinable(String runId) {
    Txn t = current;
    return t != null && t.state == State.OPEN && t.runId.equals(runId) ? t : null;
  }

  /** Waits for the producer, then begins a transaction for {@code runId}. */
  Txn begin(String product, String port, String runId) {
    try {
      permit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while waiting for the producer of port '" + port
          + "'", e);
    }
    if (closed) {
      permit.release();
      throw new IllegalStateException("The Kafka store of port '" + port + "' is closed");
    }
    try {
      checkNotFenced();
      if (producer == null) {
        transactionalId = configuredId != null ? configuredId : transactionalId(product, port);
        producer = clients.producer(transactionalId);
        producer.initTransactions();
        generation++;
      }
      producer.beginTransaction();
      Txn t = new Txn(runId);
      current = t;
      return t;
    } catch (RuntimeException e) {
      permit.release();
      throw translate(e, "Starting a transaction");
    }
  }

  /**
   * Begins another transaction while the owner of {@code old} still holds the producer (to
   * store quarantine records of an aborted publication on their own).
   */
  Txn restart(Txn old) {
    checkNotFenced();
    try {
      producer.beginTransaction();
    } catch (RuntimeException e) {
      throw translate(e, "Starting a transaction");
    }
    Txn t = new Txn(old.runId);
    current = t;
    return t;
  }

  /** Commits {@code t}'s Kafka transaction. */
  void commit(Txn t) {
    producer.commitTransaction();
    t.state = State.COMMITTED;
  }

  /** Ends the owner's hold on the producer (after commit or abort). */
  void release(Txn t) {
    current = null;
    permit.release();
  }

  /** Aborts {@code t}'s Kafka transaction; never throws. */
  void abortQuietly(Txn t) {
    t.state = State.ABORTED;
    if (fenced || producer == null) {
      return;
    }
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      markFenced(e);
    }
  }

  /**
   * Which producer incarnation holds the port. Once this process's producer is initialized, it is
   * the only writer of the port's topics (any other would have fenced it), so a log read after
   * that stays current with the commits this process records.
   */
  int generation() {
    return generation;
  }

  String transactionalIdInUse() {
    return transactionalId;
  }

  boolean fenced() {
    return fenced;
  }

  private void checkNotFenced() {
    if (fenced) {
      throw new StorageException("The producer with transactional.id '" + transactionalId
          + "' was fenced: another instance of this product and port started after it;"
          + " this instance publishes no more (close it)", new ProducerFencedException(
              "fenced"));
    }
  }

  private void markFenced(RuntimeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException) {
        fenced = true;
        return;
      }
    }
  }

  /** The exception to throw for a Kafka failure of {@code what}; marks the port fenced. */
  StorageException translate(RuntimeException e, String what) {
    if (e instanceof StorageException s) {
      return s;
    }
    markFenced(e);
    if (fenced) {
      return new StorageException(what + " failed: the producer with transactional.id '"
          + transactionalId + "' was fenced by a newer instance of this product and port", e);
    }
    return new StorageException(what + " failed on the producer with transactional.id '"
        + transactionalId + "'", e);
  }

  void close() {
    boolean acquired = permit.tryAcquire();
    try {
      closed = true;
      if (producer != null) {
        producer.close(java.time.Duration.ofSeconds(5));
        producer = null;
      }
    } finally {
      if (acquired) {
        permit.release();
      }
    }
  }
}
