package dev.dataproduct;

import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.internal.Consumption;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.ReadContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An input port reading another data product's output port <b>as a principal</b>: the consuming
 * product's identity ({@code product:{domain}/{name}}) with the roles its owner was granted by
 * the upstream owner. The read goes through the same access decision as any consumer read
 * ({@link OutputPort#read}): deny and allow policies, purposes, masks, row filters, the default
 * masking of pii and restricted fields, the {@code dataproduct.access.decision} span event and
 * the {@code dataproduct.consumer.reads} count. A product without a grant fails its run with an
 * {@link AccessDeniedException} naming both products and the missing grant.
 *
 * <p>Two ways to name the upstream port, over any storage:
 *
 * <ul>
 *   <li>{@link Builder#from(OutputPort)}: the upstream product is in this JVM; its port ({@code
 *       upstream.output("revenue-lake")}) carries the owner's policies as bound now.
 *   <li>{@link Builder#from(String, String, PublicationStore)}: the upstream product runs
 *       elsewhere (another service publishing to S3 or a table); the access policies are those
 *       the owner's run stored with the publication read ({@link
 *       PublishedAccess}). A publication without readable policies is
 *       denied.
 * </ul>
 *
 * <pre>{@code
 * InputPort revenue = ProductInputPort.builder("revenue")
 *     .from(dailyRevenue.output("revenue-lake"))   // or .from("daily-revenue", "revenue-lake", store)
 *     .as("analyst")                                // the grant the upstream owner gave us
 *     .schema(REVENUE)                              // what this product reads
 *     .contractMajor(1)                             // accepted contract major versions
 *     .maxAge(Duration.ofDays(2))                   // fail when the upstream is stale
 *     .build();
 * }</pre>
 *
 * <p>The port reads the upstream's latest publication, or with accepted major versions ({@link
 * Builder#contractMajor}) the latest one checked against one of them: a new major version the
 * upstream publishes side by side does not break this product, which keeps reading the old
 * major until it migrates (a {@code maxAge} says when the old major has gone stale).
 * Expectations are checked on the publication read, whatever the store: the contract id, the
 * accepted major versions, the maximum age, and that every field this port expects exists with
 * its type, as the principal sees it (a masked field is not what a required field expects).
 * Only the fields of {@link Builder#schema} are read. Immutable and thread-safe.
 *
 * <p>Why one class of this size: its {@link Builder} is nested public API ({@code
 * ProductInputPort.builder(...)}) and a third of the file; the read itself is one method with the
 * checks of the expectations it reads against.
 */
public final class ProductInputPort implements InputPort {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ProductInputPort.class);
  private final String name;
  private final Schema schema;
  private final OutputPort port;
  private final PublicationStore store;
  private final String upstreamProduct;
  private final String upstreamPort;
  private final Set<String> roles;
  private final Set<String> purposes;
  private final Set<Integer> majors;
  private final String contractId;
  private final Long publicationId;
  private final Duration maxAge;
  private final Clock clock;

  private ProductInputPort(Builder b) {
    this.name = b.name;
    this.schema = b.schema;
    this.port = b.port;
    this.store = b.port != null ? PortStorage.store(b.port) : b.store;
    this.upstreamProduct = b.port != null ? b.port.product().orElse(null) : b.upstreamProduct;
    this.upstreamPort = b.port != null ? b.port.name() : b.upstreamPort;
    this.roles = Set.copyOf(b.roles);
    this.purposes = Set.copyOf(b.purposes);
    this.majors = Set.copyOf(b.majors);
    this.contractId = b.contractId;
    this.publicationId = b.publicationId;
    this.maxAge = b.maxAge;
    this.clock = b.clock;
  }

  /** A builder for a port named {@code name} (unique among the product's input ports). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return store.type();
  }

  /**
   * The upstream port's dataset, as its store names it: the lineage of this product links to the
   * dataset the upstream product's lineage wrote. Empty when the store does not say (or fails).
   */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    try {
      return store.lineageDataset();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The upstream product, when known (always when built {@code from} a product's port). */
  public Optional<String> upstreamProduct() {
    return Optional.ofNullable(upstreamProduct);
  }

  /** The upstream output port, when known. */
  public Optional<String> upstreamPort() {
    return Optional.ofNullable(upstreamPort);
  }

  /** The contract id expected, or the one of the upstream port when it is in this JVM. */
  public Optional<String> contractId() {
    return Optional.ofNullable(contractId != null ? contractId
        : port != null ? port.contract().id() : null);
  }

  /** The upstream contract version: the port's when in this JVM, else {@code {major}.x}. */
  public Optional<String> contractVersion() {
    if (port != null) {
      return Optional.of(port.contract().version().toString());
    }
    return majors.size() == 1 ? Optional.of(majors.iterator().next() + ".x") : Optional.empty();
  }

  /** The accepted contract major versions, ascending. */
  public List<Integer> acceptedMajors() {
    return List.copyOf(new TreeSet<>(majors));
  }

  /** The roles this product reads with. */
  public Set<String> roles() {
    return roles;
  }

  /** The principal a product reads as: {@code product:{domain}/{name}} with this port's grant. */
  public Principal principal(String product, String domain) {
    String id = "product:" + (domain == null || domain.isBlank() ? "" : domain + "/") + product;
    Map<String, String> attributes = domain == null || domain.isBlank()
        ? Map.of("dataproduct.name", product)
        : Map.of("dataproduct.name", product, "dataproduct.domain", domain);
    return new Principal(id, roles, purposes, attributes);
  }

  @Override
  public BatchReader read(ReadContext context) {
    Principal principal = principal(context.productName(), context.productDomain());
    Publication pub = choose();
    Optional<DataContract> stored = store.contractOf(pub);
    Schema upstream = stored.map(DataContract::schema)
        .orElse(port != null ? port.contract().schema() : null);
    List<String> columns = new ArrayList<>();
    if (upstream != null) {
      for (Field f : schema.fields()) {
        if (upstream.contains(f.name())) {
          columns.add(f.name());
        }
      }
    }
    ReadOptions options = ReadOptions.publication(pub.id())
        .columns(columns.toArray(String[]::new)).batchSize(context.batchSize());
    String upstreamName = upstreamPort != null ? upstreamPort : pub.port();
    BatchReader reader;
    try {
      reader = port != null ? port.read(principal, options)
          : Consumption.read(Consumption.published(upstreamName, store.type(), store,
              context.telemetry()), principal, options);
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException("Product '" + context.productName() + "' may not read"
          + " port '" + upstreamName + "' of product '" + describeUpstream(stored) + "' through"
          + " input port '" + name + "': " + e.getMessage() + ". The owner of "
          + describeUpstream(stored) + " grants a role; declare it on this port with .as(role)");
    }
    try {
      check(pub, stored, reader.schema(), upstreamName);
      // granted: the read span says where the read goes, as the consume span does
      for (Map.Entry<String, String> a : readAttributes(pub).entrySet()) {
        context.setAttribute(a.getKey(), a.getValue());
      }
      return reader;
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private Map<String, String> readAttributes(Publication pub) {
    try {
      return store.readAttributes(pub);
    } catch (RuntimeException e) {
      return Map.of(); // a store that fails here loses its attributes, never the read
    }
  }

  private String describeUpstream(Optional<DataContract> stored) {
    if (upstreamProduct != null) {
      return upstreamProduct;
    }
    return stored.flatMap(c -> {
      try {
        return PublishedAccess.of(c);
      } catch (DataProductException e) {
        return Optional.empty();
      }
    }).map(PublishedAccess::product).orElse("(unknown)");
  }

  private Publication choose() {
    if (publicationId != null) {
      return store.publication(publicationId).orElseThrow(() -> new DataProductException(
          "Input port '" + name + "': " + where() + " has no publication " + publicationId
              + "; retained publications are "
              + store.publications().stream().map(Publication::id).toList()));
    }
    if (!majors.isEmpty()) {
      // a new major published side by side: keep reading the newest of the accepted majors
      List<Publication> readable = store.readablePublications();
      for (int i = readable.size() - 1; i >= 0; i--) {
        Publication p = readable.get(i);
        if (SemanticVersion.isValid(p.contractVersion())
            && majors.contains(SemanticVersion.parse(p.contractVersion()).major())) {
          if (i < readable.size() - 1) {
            LOG.info("Input port {} reads publication {} (contract {}), the newest of accepted"
                + " major versions {}; the upstream's newest is publication {} (contract {})",
                name, p.id(), p.contractVersion(), majors, readable.get(readable.size() - 1).id(),
                readable.get(readable.size() - 1).contractVersion());
          }
          return p;
        }
      }
    }
    // none of an accepted major (or no expectation): the latest, which check() judges
    return store.latest().orElseThrow(() -> new DataProductException("Input port '" + name
        + "': " + where() + " has no publication yet; run the upstream product first"));
  }

  private String where() {
    return (upstreamPort == null ? "the upstream port"
        : "port '" + upstreamPort + "'" + (upstreamProduct == null ? ""
            : " of product '" + upstreamProduct + "'")) + location();
  }

  /** Where the store keeps the port ({@code " (s3://bucket/prefix)"}), when it says. */
  private String location() {
    try {
      Object l = store.server().get("location");
      return l == null ? "" : " (" + l + ")";
    } catch (RuntimeException e) {
      return "";
    }
  }

  private void check(Publication pub, Optional<DataContract> stored, Schema seen,
      String upstreamName) {
    String what = "publication " + pub.id() + " of port '" + upstreamName + "'" + location();
    if (port == null && upstreamProduct != null) {
      // granted, so the record was read: it says who published
      PublishedAccess by = PublishedAccess.of(stored.orElseThrow()).orElseThrow();
      if (!by.product().equals(upstreamProduct) || !by.port().equals(upstreamPort)) {
        throw new DataProductException("Input port '" + name + "' reads port '" + upstreamPort
            + "' of product '" + upstreamProduct + "', but " + what + " was published by port '"
            + by.port() + "' of product '" + by.product() + "'; check the store this port is"
            + " given");
      }
    }
    String id = stored.map(DataContract::id).orElse(port != null ? port.contract().id() : null);
    SemanticVersion version = SemanticVersion.parse(pub.contractVersion());
    if (contractId != null && !contractId.equals(id)) {
      throw new IncompatibleContractException("Input port '" + name + "' expects contract '"
          + contractId + "', but " + what + " was checked against contract '" + id + "' "
          + version);
    }
    if (!majors.isEmpty() && !majors.contains(version.major())) {
      throw new IncompatibleContractException("Input port '" + name + "' accepts contract '"
          + id + "' major version " + describe(majors) + ", but " + what
          + " was checked against " + version + "; migrate this product to the "
          + version.major() + ".x contract, or pin an older publication",
          List.of("contract major version " + version.major() + " is not accepted"
              + " (accepted: " + describe(majors) + ")"));
    }
    if (maxAge != null) {
      Duration age = Duration.between(pub.committedAt(), clock.instant());
      if (age.compareTo(maxAge) > 0) {
        throw new DataProductException("Input port '" + name + "': " + what + " was committed"
            + " at " + pub.committedAt() + ", " + age.withNanos(0) + " ago, older than the"
            + " accepted " + maxAge + "; the upstream product has not published since");
      }
    }
    List<String> changes = new ArrayList<>();
    for (Field f : schema.fields()) {
      Optional<Field> u = seen.findField(f.name());
      if (u.isEmpty()) {
        if (f.isRequired()) {
          changes.add("required field '" + f.name() + "' is missing upstream");
        }
      } else if (u.get().type() != f.type()) {
        changes.add("field '" + f.name() + "' is " + u.get().type().logicalTypeName()
            + " upstream" + (stored.isPresent() && stored.get().schema().findField(f.name())
                .map(x -> x.type() != u.get().type()).orElse(false) ? " (masked for this product)"
                : "") + ", this port expects " + f.type().logicalTypeName());
      } else if (f.isRequired() && !u.get().isRequired()) {
        boolean masked = stored.flatMap(c -> c.schema().findField(f.name()))
            .map(Field::isRequired).orElse(false);
        changes.add("field '" + f.name() + "' is required by this port but "
            + (masked ? "masked for this product" : "optional upstream"));
      }
    }
    if (!changes.isEmpty()) {
      throw new IncompatibleContractException("Input port '" + name + "' does not match the"
          + " schema of " + what + " (contract '" + id + "' " + version + "): "
          + String.join("; ", changes), changes);
    }
  }

  private static String describe(Set<Integer> majors) {
    TreeSet<Integer> sorted = new TreeSet<>(majors);
    return sorted.size() == 1 ? String.valueOf(sorted.first()) : sorted.toString();
  }

  @Override
  public String toString() {
    return "ProductInputPort{" + name + ", " + (upstreamProduct == null ? "" : upstreamProduct
        + "/") + (upstreamPort == null ? store.type() : upstreamPort) + ", as " + roles
        + (majors.isEmpty() ? "" : ", majors " + describe(majors))
        + (publicationId == null ? "" : ", publication " + publicationId) + "}";
  }

  /** Builds a {@link ProductInputPort}. */
  public static final class Builder {
    private final String name;
    private Schema schema;
    private OutputPort port;
    private PublicationStore store;
    private String upstreamProduct;
    private String upstreamPort;
    private final Set<String> roles = new LinkedHashSet<>();
    private final Set<String> purposes = new LinkedHashSet<>();
    private final Set<Integer> majors = new LinkedHashSet<>();
    private String contractId;
    private Long publicationId;
    private Duration maxAge;
    private Clock clock = Clock.systemUTC();

    private Builder(String name) {
      this.name = OutputPort.checkName(name, "input port name");
    }

    /**
     * Reads {@code port}, an output port of a product in this JVM ({@code
     * upstream.output("revenue-lake")}): the access policies bound to it decide. The port the
     * upstream product was built with (passed to its {@code .output(...)}) is refused: it does
     * not carry the product's policies.
     */
    public Builder from(OutputPort port) {
      this.port = Objects.requireNonNull(port, "port");
      this.store = null;
      return this;
    }

    /**
     * Reads publications from {@code store}, the storage of output port {@code port} of product
     * {@code product} published by another service: the access policies stored with the
     * publication read decide, and a publication of another product or port is refused.
     */
    public Builder from(String product, String port, PublicationStore store) {
      this.upstreamProduct = Objects.requireNonNull(product, "product");
      this.upstreamPort = Objects.requireNonNull(port, "port");
      this.store = Objects.requireNonNull(store, "store");
      this.port = null;
      return this;
    }

    /**
     * Reads publications from {@code store} whoever published them (adapters' conveniences such
     * as {@code S3InputPort.product}); the stored access policies still decide.
     */
    public Builder from(PublicationStore store) {
      this.store = Objects.requireNonNull(store, "store");
      this.port = null;
      return this;
    }

    /** The schema this product expects of the upstream port (required). */
    public Builder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The roles the upstream owner granted this product; the product reads with them. Without
     * any, the product has no grant and only a port opened with {@code AccessPolicy.allowAll()}
     * lets it read.
     */
    public Builder as(String... roles) {
      for (String r : Objects.requireNonNull(roles, "roles")) {
        this.roles.add(Objects.requireNonNull(r, "role"));
      }
      return this;
    }

    /** The purposes this product declares when it reads (for purpose-bound grants). */
    public Builder purposes(String... purposes) {
      for (String p : Objects.requireNonNull(purposes, "purposes")) {
        this.purposes.add(Objects.requireNonNull(p, "purpose"));
      }
      return this;
    }

    /**
     * Accepts publications checked against a contract of this major version (call it again to
     * accept several; default: any). The port reads the newest publication of an accepted major
     * (the upstream may publish a new major side by side); when the upstream has none, the read
     * fails naming both versions.
     */
    public Builder contractMajor(int major) {
      if (major < 0) {
        throw new IllegalArgumentException("Input port '" + name + "': contract major version"
            + " must be >= 0, was " + major);
      }
      majors.add(major);
      return this;
    }

    /** Requires the upstream contract to have this id. */
    public Builder contractId(String id) {
      this.contractId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Reads this publication instead of the latest. */
    public Builder publication(long id) {
      if (id < 1) {
        throw new IllegalArgumentException("Input port '" + name + "': publication ids start"
            + " at 1, was " + id);
      }
      this.publicationId = id;
      return this;
    }

    /** Fails the read when the publication read is older than {@code age} (stale upstream). */
    public Builder maxAge(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("Input port '" + name + "': maxAge must be"
            + " positive, was " + age);
      }
      this.maxAge = age;
      return this;
    }

    /** The clock {@link #maxAge} is measured with (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The port.
     *
     * @throws IllegalArgumentException naming the missing setting, or when {@link
     *     #from(OutputPort)} was given the port a product was built with instead of the
     *     product's own ({@code product.output(name)})
     */
    public ProductInputPort build() {
      if (port == null && store == null) {
        throw new IllegalArgumentException("Input port '" + name + "' reads no product; set"
            + " from(upstream.output(\"port\")) or from(product, port, store)");
      }
      if (schema == null) {
        throw new IllegalArgumentException("Input port '" + name + "' has no schema; set"
            + " schema(...) to the fields this product expects");
      }
      if (port != null && port.product().isPresent() && !port.isBound()) {
        throw new IllegalArgumentException("Input port '" + name + "' is given the port '"
            + port.name() + "' that product '" + port.product().get() + "' was built with,"
            + " which does not carry the product's access policies; give"
            + " from(upstream.output(\"" + port.name() + "\"))");
      }
      return new ProductInputPort(this);
    }
  }
}
