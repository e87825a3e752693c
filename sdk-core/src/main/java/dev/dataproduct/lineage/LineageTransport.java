package dev.dataproduct.lineage;

import java.io.IOException;

/**
 * Where an {@link OpenLineageEmitter} sends events: a JSON-lines file, an HTTP endpoint, memory
 * (see {@link LineageTransports}), or your own (Kafka, a message bus). Called from the emitter's
 * single background thread, never from a run.
 */
public interface LineageTransport extends AutoCloseable {

  /**
   * Sends one OpenLineage run event.
   *
   * @param event the event as compact JSON (one line)
   * @throws IOException when it could not be delivered; the emitter counts and logs it
   */
  void send(String event) throws IOException;

  /** Releases what the transport holds. Called once, by the emitter's {@code close()}. */
  @Override
  default void close() throws IOException {}
}
