package dev.dataproduct.lineage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the events sent, for sdk-core's own tests (users get {@code InMemoryLineageTransport}
 * from sdk-testing, which sdk-core's tests cannot depend on).
 */
final class RecordingTransport implements LineageTransport {
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void send(String event) {
    events.add(event);
  }

  List<String> events() {
    return List.copyOf(events);
  }
}
