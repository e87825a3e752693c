package dev.dataproduct.spi;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import java.util.Objects;

/**
 * The storage behind a port, for adapters, the runtime and test kits: raw publications and
 * quarantine records, with no access policy, no masking and no audit. It is not a read path:
 * consumers read through {@link OutputPort#read} (access decided, masks applied, the decision
 * audited), another product through {@link dev.dataproduct.ProductInputPort}, and owners read
 * quarantines through {@link DataProduct#quarantine}.
 *
 * <pre>{@code
 * // an adapter test checking what its store committed
 * PublicationStore store = PortStorage.store(port);
 * assertThat(store.publications()).hasSize(1);
 * }</pre>
 */
public final class PortStorage {
  private static volatile Access access;

  private PortStorage() {}

  /** How the core hands out the storage of its ports; installed once, by {@link OutputPort}. */
  public interface Access {
    PublicationStore store(OutputPort port);

    PublicationStore quarantine(OutputPort port);

    PublicationStore inputQuarantine(DataProduct product);
  }

  /**
   * Called once by {@link OutputPort} when it is loaded; not for other callers.
   *
   * @throws IllegalStateException on a second call
   */
  public static synchronized void install(Access a) {
    if (access != null) {
      throw new IllegalStateException("PortStorage is installed by OutputPort only");
    }
    access = Objects.requireNonNull(a, "access");
  }

  private static Access access() {
    Access a = access;
    if (a == null) {
      // loading OutputPort installs it (every OutputPort instance implies a loaded class)
      try {
        Class.forName(OutputPort.class.getName(), true, OutputPort.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = access;
    }
    return a;
  }

  /** The store a port publishes to. */
  public static PublicationStore store(OutputPort port) {
    return access().store(Objects.requireNonNull(port, "port"));
  }

  /**
   * Where the port's rejected rows go: the store's own {@link PublicationStore#quarantine()}
   * unless the port's builder was given another one.
   */
  public static PublicationStore quarantine(OutputPort port) {
    return access().quarantine(Objects.requireNonNull(port, "port"));
  }

  /**
   * Where rows rejected at the product's input ports go: the one given to {@code
   * DataProduct.Builder.inputQuarantine}, else the first output port's quarantine.
   */
  public static PublicationStore inputQuarantine(DataProduct product) {
    return access().inputQuarantine(Objects.requireNonNull(product, "product"));
  }
}
