package dev.dataproduct.spi;

import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Schema;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The base of an adapter's builder of a {@link ProductInputPort} over its own storage ({@code
 * S3InputPort.product(...)}, {@code IcebergInputPort.product(...)}): the consumer's settings
 * (upstream, schema, grant, accepted major versions, pinned publication, maximum age) are
 * forwarded to {@link ProductInputPort.Builder}, so an adapter adds only where the upstream's
 * publications are: its own setters, {@link #checkSettings()} and {@link #store()}, a read-only
 * {@link PublicationStore} over them. Unlike {@code ProductInputPort.builder(...)}, the schema
 * and at least one {@link #contractMajor} are required.
 *
 * <pre>{@code
 * public static final class ProductBuilder extends ProductInputBuilder<ProductBuilder> {
 *   private Path dir;
 *
 *   private ProductBuilder(String name) {
 *     super(name);
 *   }
 *
 *   public ProductBuilder dir(Path dir) {
 *     this.dir = Objects.requireNonNull(dir, "dir");
 *     return this;
 *   }
 *
 *   protected void checkSettings() {
 *     if (dir == null) {
 *       throw new IllegalArgumentException("Input port '" + name() + "' has no dir; set dir(...)");
 *     }
 *   }
 *
 *   protected PublicationStore store() {
 *     return new ReadOnlyDirectoryStore(dir); // the adapter's view, never writing
 *   }
 * }
 * }</pre>
 *
 * @param <B> the adapter's builder, returned by every setter
 */
public abstract class ProductInputBuilder<B extends ProductInputBuilder<B>> {
  private final String name;
  private final ProductInputPort.Builder port;
  private Schema schema;
  private String upstreamProduct;
  private String upstreamPort;
  private boolean majors;

  /**
   * A builder for a port named {@code name}.
   *
   * @throws IllegalArgumentException when the name is not a valid port name
   */
  protected ProductInputBuilder(String name) {
    this.port = ProductInputPort.builder(name);
    this.name = name;
  }

  /** The port's name, for the adapter's error messages. */
  protected final String name() {
    return name;
  }

  /** The upstream output port named by {@link #upstream}, or null. */
  protected final String upstreamPort() {
    return upstreamPort;
  }

  /**
   * Throws an {@link IllegalArgumentException} naming the first of the adapter's required
   * settings that is missing; called first by {@link #build()}.
   */
  protected abstract void checkSettings();

  /** The read-only store over the upstream's publications; called by {@link #build()}. */
  protected abstract PublicationStore store();

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * The product and output port publishing there: publications of another product or port are
   * refused, and the product's descriptor names them.
   */
  public B upstream(String product, String port) {
    this.upstreamProduct = Objects.requireNonNull(product, "product");
    this.upstreamPort = Objects.requireNonNull(port, "port");
    return self();
  }

  /** The schema the product expects of this input (required). */
  public B schema(Schema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
    return self();
  }

  /**
   * The roles the upstream owner granted this product (see {@link ProductInputPort.Builder#as});
   * without a grant the read is denied.
   */
  public B as(String... roles) {
    port.as(roles);
    return self();
  }

  /** The purposes this product declares when it reads. */
  public B purposes(String... purposes) {
    port.purposes(purposes);
    return self();
  }

  /**
   * Accepts publications checked against a contract of this major version (required; call it
   * again to accept several). A publication of another major version fails the read, naming
   * both versions.
   */
  public B contractMajor(int major) {
    port.contractMajor(major);
    majors = true;
    return self();
  }

  /** Also requires the upstream contract to have this id. */
  public B contractId(String id) {
    port.contractId(id);
    return self();
  }

  /** Reads this publication (its id in the upstream's store) instead of the latest. */
  public B publication(long id) {
    port.publication(id);
    return self();
  }

  /** Fails the read when the publication read is older than {@code age} (stale upstream). */
  public B maxAge(Duration age) {
    port.maxAge(age);
    return self();
  }

  /** The clock {@link #maxAge} is measured with (tests). */
  public B clock(Clock clock) {
    port.clock(clock);
    return self();
  }

  /**
   * The port: the adapter's settings are checked, then the schema and the accepted major
   * versions, then the port reads {@link #store()}.
   *
   * @throws IllegalArgumentException naming the missing setting
   */
  public final ProductInputPort build() {
    checkSettings();
    if (schema == null) {
      throw new IllegalArgumentException("Input port '" + name + "' has no schema; set"
          + " schema(...) to the fields this product expects");
    }
    if (!majors) {
      throw new IllegalArgumentException("Input port '" + name + "' accepts no contract major"
          + " version; set contractMajor(...) to the major version this product is written"
          + " against");
    }
    PublicationStore store = store();
    port.schema(schema);
    return upstreamProduct == null ? port.from(store).build()
        : port.from(upstreamProduct, upstreamPort, store).build();
  }
}
