package dev.dataproduct.testing;

import dev.dataproduct.spi.ReadContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ReadContext} for driving an {@link dev.dataproduct.InputPort}'s reader directly in a
 * test, outside a run. It records the span attributes the port sets and the records it
 * quarantines, so an adapter's tests can assert on both without a {@code DataProduct}.
 *
 * <pre>{@code
 * TestReadContext context = TestReadContext.of("orders").batchSize(2);
 * BatchReader reader = port.read(context);
 * assertThat(reader.next()).hasSize(2);
 * assertThat(context.attributes()).containsEntry("aws.s3.bucket", "landing");
 * assertThat(context.quarantined()).extracting(TestReadContext.Quarantined::reason)
 *     .containsExactly("s3://landing/orders.csv line 3: 2 fields, but the header has 3");
 * }</pre>
 *
 * <p>Like the runtime's context, it ignores attribute keys in the SDK's own {@code dataproduct.}
 * namespace. Not thread-safe: readers call their context from one thread.
 */
public final class TestReadContext implements ReadContext {
  private final String portName;
  private int batchSize = 1_000;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<Quarantined> quarantined = new ArrayList<>();

  /** A record the port quarantined: the reason and its text (which may be null). */
  public record Quarantined(String reason, String record) {}

  private TestReadContext(String portName) {
    this.portName = Objects.requireNonNull(portName, "portName");
  }

  /** A context for reading the port of this name, in batches of 1,000 rows. */
  public static TestReadContext of(String portName) {
    return new TestReadContext(portName);
  }

  /** Sets the batch size the port is asked for. */
  public TestReadContext batchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("Batch size must be >= 1, was " + rows);
    }
    this.batchSize = rows;
    return this;
  }

  @Override
  public String productName() {
    return "test-product";
  }

  @Override
  public String productVersion() {
    return "1.0.0";
  }

  @Override
  public String portName() {
    return portName;
  }

  @Override
  public String runId() {
    return "test-run";
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public void setAttribute(String key, String value) {
    if (key != null && !key.startsWith("dataproduct.")) {
      attributes.put(key, value);
    }
  }

  /** Records the record, in order. */
  @Override
  public void quarantine(String reason, String record) {
    quarantined.add(new Quarantined(Objects.requireNonNull(reason, "reason"), record));
  }

  /** The span attributes the port set, in the order it set them. */
  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  /** The records the port quarantined, in order. */
  public List<Quarantined> quarantined() {
    return Collections.unmodifiableList(quarantined);
  }
}
