package dev.dataproduct.testing;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.PublicationStore;

/**
 * Output ports over an {@link InMemoryPublicationStore}.
 *
 * <pre>{@code
 * OutputPort revenue = InMemoryOutputPort.builder("revenue").contract(contract).build();
 * ...
 * InMemoryPublicationStore store = InMemoryPublicationStore.of(product.output("revenue"));
 * }</pre>
 */
public final class InMemoryOutputPort {
  private InMemoryOutputPort() {}

  /**
   * A port over a new, empty in-memory store named after the port (its OpenLineage dataset is
   * {@code memory} / {@code <port>}).
   */
  public static OutputPort create(String name, DataContract contract) {
    return builder(name).contract(contract).build();
  }

  /** A builder over a new, empty in-memory store. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds an in-memory output port. */
  public static final class Builder extends OutputPort.Builder<Builder> {
    private InMemoryPublicationStore store;

    private Builder(String name) {
      super(name);
    }

    /** Uses {@code store} instead of a new one (to share it, or to inject failures). */
    public Builder store(InMemoryPublicationStore store) {
      this.store = java.util.Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The given store, else a new one {@linkplain InMemoryPublicationStore#named named} after the
     * port.
     */
    @Override
    protected PublicationStore createStore() {
      return store != null ? store : InMemoryPublicationStore.named(name());
    }
  }
}
