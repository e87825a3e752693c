package dev.dataproduct.testing;

import dev.dataproduct.lineage.LineageTransport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenLineage transport that keeps every event in memory, for tests. Thread-safe.
 *
 * <pre>{@code
 * InMemoryLineageTransport events = InMemoryLineageTransport.create();
 * try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(events).build()) {
 *   product.toBuilder().listener(emitter).build().run();
 * }
 * assertThat(events.events()).hasSize(2);
 * }</pre>
 */
public final class InMemoryLineageTransport implements LineageTransport {
  private final List<String> events = new CopyOnWriteArrayList<>();

  private InMemoryLineageTransport() {}

  /** An empty transport. */
  public static InMemoryLineageTransport create() {
    return new InMemoryLineageTransport();
  }

  @Override
  public void send(String event) {
    events.add(event);
  }

  /** The events sent so far, oldest first. */
  public List<String> events() {
    return List.copyOf(events);
  }

  /** Forgets the events sent so far. */
  public void clear() {
    events.clear();
  }
}
