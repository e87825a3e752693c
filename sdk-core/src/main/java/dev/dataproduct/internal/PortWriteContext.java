package dev.dataproduct.internal;

import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.WriteContext;

/**
 * What a store is told when the run opens a publication on it: the product, port, run and
 * contract; span attributes go to the port's observer (none for a quarantine publication).
 */
final class PortWriteContext implements WriteContext {
  private final RunState run;
  private final String port;
  private final DataContract contract;
  private final RunObserver.OutputObserver observer;

  /** {@code observer} may be null: attributes are then dropped. */
  PortWriteContext(RunState run, String port, DataContract contract,
      RunObserver.OutputObserver observer) {
    this.run = run;
    this.port = port;
    this.contract = contract;
    this.observer = observer;
  }

  @Override
  public String productName() {
    return run.product.name();
  }

  @Override
  public String productVersion() {
    return run.product.version().toString();
  }

  @Override
  public String portName() {
    return port;
  }

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public DataContract contract() {
    return contract;
  }

  @Override
  public void setAttribute(String key, String value) {
    if (observer != null) {
      observer.attribute(key, value);
    }
  }
}
