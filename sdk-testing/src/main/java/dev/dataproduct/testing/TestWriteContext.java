package dev.dataproduct.testing;

import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.WriteContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link WriteContext} for driving a {@link dev.dataproduct.spi.PublicationStore} through the
 * SPI directly in a test, outside a run. It records the span attributes the store sets.
 *
 * <pre>{@code
 * TestWriteContext context = TestWriteContext.of("orders-lake", contract).runId("run-1");
 * PublicationWriter writer = PortStorage.store(port).open(context);
 * writer.write(rows);
 * Publication p = writer.commit();
 * assertThat(context.attributes()).containsKey("aws.s3.key");
 * }</pre>
 *
 * <p>Like the runtime's context, it ignores attribute keys in the SDK's own {@code dataproduct.}
 * namespace. Not thread-safe.
 */
public final class TestWriteContext implements WriteContext {
  private final String portName;
  private final DataContract contract;
  private String runId = UUID.randomUUID().toString();
  private final Map<String, String> attributes = new LinkedHashMap<>();

  private TestWriteContext(String portName, DataContract contract) {
    this.portName = Objects.requireNonNull(portName, "portName");
    this.contract = Objects.requireNonNull(contract, "contract");
  }

  /** A context for writing the port of this name under {@code contract}, with a random run id. */
  public static TestWriteContext of(String portName, DataContract contract) {
    return new TestWriteContext(portName, contract);
  }

  /** Sets the run id (stores may name files after it). */
  public TestWriteContext runId(String runId) {
    this.runId = Objects.requireNonNull(runId, "runId");
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
    return runId;
  }

  @Override
  public DataContract contract() {
    return contract;
  }

  @Override
  public void setAttribute(String key, String value) {
    if (key != null && !key.startsWith("dataproduct.")) {
      attributes.put(key, value);
    }
  }

  /** The span attributes the store set, in the order it set them. */
  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }
}
