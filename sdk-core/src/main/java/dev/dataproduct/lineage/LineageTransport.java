package dev.dataproduct.lineage;

import java.io.IOException;
import java.util.Map;

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

  /**
   * Sends one OpenLineage run event with the W3C trace context of the run it describes: {@code
   * traceparent} (absent when the run is untraced). The emitter calls this one. A transport with
   * headers sends the context as headers (HTTP does), so that the receiver can join the run's
   * trace; the default ignores it and calls {@link #send(String)}. The same value is in the
   * event's {@code dataproduct_trace} run facet.
   *
   * @param event the event as compact JSON (one line)
   * @param traceContext header names to values, e.g. {@code traceparent}; may be empty
   * @throws IOException when it could not be delivered; the emitter counts and logs it
   */
  default void send(String event, Map<String, String> traceContext) throws IOException {
    send(event);
  }

  /** Releases what the transport holds. Called once, by the emitter's {@code close()}. */
  @Override
  default void close() throws IOException {}
}
