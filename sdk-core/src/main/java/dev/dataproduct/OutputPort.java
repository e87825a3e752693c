package dev.dataproduct;

import dev.dataproduct.contract.DataContract;
import dev.dataproduct.internal.Consumption;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A named, versioned sink with a {@link DataContract}. Runs publish to it (every row checked
 * against the contract first); consumers read from it through {@link #read}, where the access
 * policies apply. The storage is a {@link PublicationStore} an adapter provides; adapters expose
 * builders extending {@link Builder} ({@code JdbcOutputPort.builder}, {@code
 * S3OutputPort.builder}).
 *
 * <pre>{@code
 * OutputPort revenue = JdbcOutputPort.builder("revenue-table")
 *     .dataSource(ds).table("sales.daily_revenue")
 *     .contract(contract)
 *     .accessPolicy(AccessPolicy.allow("analyst").mask("customer_email"))
 *     .build();
 *
 * try (BatchReader reader = product.output("revenue-table")
 *     .read(Principal.of("ana").withRoles("analyst"), ReadOptions.latest())) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. The copy a {@link DataProduct} holds (see {@link
 * DataProduct#output}) also applies the product's access policies and reports to its telemetry,
 * and refuses reads once the product is {@linkplain DataProduct#close() closed}. The port does
 * not close its store itself: the product that holds it does.
 */
public final class OutputPort {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final String name;
  private final DataContract contract;
  private final PublicationStore store;
  private final PublicationStore quarantine;
  private final List<AccessPolicy> policies;
  private final Action onNonConforming;
  private final Telemetry telemetry;
  private final String product;
  private final String maskingSalt;
  /** The lifecycle of the product this port is bound to; null when unbound. */
  private final ProductLifecycle lifecycle;
  /** The product the port was built into, shared by the port built and its bound copies. */
  private final AtomicReference<String> owner;

  static {
    PortStorage.install(new PortStorage.Access() {
      @Override
      public PublicationStore store(OutputPort port) {
        return port.store;
      }

      @Override
      public PublicationStore quarantine(OutputPort port) {
        return port.quarantine;
      }

      @Override
      public PublicationStore inputQuarantine(DataProduct product) {
        return product.inputQuarantineStore();
      }
    });
  }

  private OutputPort(String name, DataContract contract, PublicationStore store,
      PublicationStore quarantine, List<AccessPolicy> policies, Action onNonConforming,
      Telemetry telemetry, String product, String maskingSalt, ProductLifecycle lifecycle,
      AtomicReference<String> owner) {
    this.name = name;
    this.contract = contract;
    this.store = store;
    this.quarantine = quarantine;
    this.policies = List.copyOf(policies);
    this.onNonConforming = onNonConforming;
    this.telemetry = telemetry;
    this.product = product;
    this.maskingSalt = maskingSalt;
    this.lifecycle = lifecycle;
    this.owner = owner;
  }

  /** A builder for a port over any {@link PublicationStore}. */
  public static SimpleBuilder builder(String name, PublicationStore store) {
    return new SimpleBuilder(name, store);
  }

  static String checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid " + what + " '" + name
          + "': use letters, digits and - _ . (at most 128 characters, starting alphanumeric)");
    }
    return name;
  }

  public String name() {
    return name;
  }

  public DataContract contract() {
    return contract;
  }

  /**
   * The storage type, e.g. jdbc, s3, memory. The storage itself is not part of a consumer's
   * view: consumers read through {@link #read}; adapters and the runtime reach it through
   * {@link PortStorage}.
   */
  public String type() {
    return store.type();
  }

  /** The access policies enforced on {@link #read}: the port's own, then the product's. */
  public List<AccessPolicy> accessPolicies() {
    return policies;
  }

  /** What the port does with a row that does not match its schema: quarantine or fail. */
  public Action onNonConforming() {
    return onNonConforming;
  }

  /**
   * The committed publications a consumer can still read, by ascending id: every retained one,
   * or only the latest when the store keeps only its current contents (a table each publication
   * overwrites).
   */
  public List<Publication> publications() {
    return store.readablePublications();
  }

  /** The newest committed publication, if any. */
  public Optional<Publication> latest() {
    return store.latest();
  }

  /**
   * Reads a publication as {@code principal}. The access policies decide whether the read is
   * allowed, which columns are masked and which rows are visible; the decision is a span event
   * on {@code dataproduct.consume {port}} and counts in {@code dataproduct.consumer.reads}.
   *
   * @throws AccessDeniedException naming the principal, the port and the missing grant
   * @throws DataProductException when the requested publication does not exist
   * @throws IllegalArgumentException when a requested column does not exist
   * @throws IllegalStateException when this is the port of a product that was {@linkplain
   *     DataProduct#close() closed}
   */
  public BatchReader read(Principal principal, ReadOptions options) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(options, "options");
    if (lifecycle != null) {
      lifecycle.checkOpen("reading port '" + name + "'");
    } else if (owner.get() != null) {
      throw new IllegalStateException("Port '" + name + "' belongs to product '" + owner.get()
          + "', whose access policies this object does not carry; read through"
          + " product.output(\"" + name + "\") (or product.read(\"" + name + "\", ...)),"
          + " which applies them");
    }
    return Consumption.read(Consumption.bound(product, name, store.type(), store, contract,
        policies, maskingSalt, telemetry), principal, options);
  }

  /** Whether this is the copy a product holds (its policies, telemetry and lifecycle). */
  boolean isBound() {
    return lifecycle != null;
  }

  /** The product this port belongs to, if it was built into one. */
  public Optional<String> product() {
    return Optional.ofNullable(owner.get());
  }

  /**
   * The port's ODCS v3.1.0 data contract document: the contract, the storage as a server, the
   * access policies as roles (see {@link dev.dataproduct.contract.DataContracts#toYaml(OutputPort)}).
   */
  public String contractDocument() {
    return dev.dataproduct.contract.DataContracts.toYaml(this);
  }

  /**
   * Fails when {@code policy} names a field {@code schema} lacks: a misspelt mask would
   * otherwise leave the field readable in clear.
   */
  static void checkPolicyFields(AccessPolicy policy, Schema schema, String port) {
    policy.fields().forEach((field, how) -> {
      if (!schema.contains(field)) {
        throw new IllegalArgumentException("Access policy " + policy + " " + how + " field '"
            + field + "', which port '" + port + "' does not have; fields are "
            + schema.fieldNames());
      }
    });
  }

  /**
   * Fails when a row filter of {@code policy} compares a principal attribute with a field the
   * principals it grants cannot see (masked by the policy, or pii/restricted and not unmasked):
   * the rows visible would tell a principal whether a guessed value exists. (Filters are
   * evaluated on masked values anyway, so such a filter would only ever hide every row.)
   */
  static void checkRowFilters(AccessPolicy policy, Schema schema, String port) {
    for (AccessPolicy.RowFilter f : policy.rowFilters()) {
      if (f.field() == null || !schema.contains(f.field())) {
        continue;
      }
      Field field = schema.field(f.field());
      String problem = null;
      if (policy.masks().containsKey(field.name())) {
        problem = "which it masks";
      } else if (field.classification().isMaskedByDefault()
          && !policy.unmasked().contains(field.name())) {
        problem = "which is " + field.classification().name().toLowerCase(java.util.Locale.ROOT)
            + " on port '" + port + "' and masked for the principals it grants";
      }
      if (problem != null) {
        throw new IllegalArgumentException("Access policy " + policy + " filters rows on '"
            + field.name() + "', " + problem + ": the rows a principal sees would confirm"
            + " whether a value it asserts exists; filter on a field it may see, or unmask '"
            + field.name() + "' in the policy");
      }
    }
  }

  /** This port with another contract (a product binding its glossary). */
  OutputPort withContract(DataContract newContract) {
    return new OutputPort(name, Objects.requireNonNull(newContract, "contract"), store,
        quarantine, policies, onNonConforming, telemetry, product, maskingSalt, lifecycle, owner);
  }

  /**
   * This port bound to a product: its policies added, its telemetry and salt used, reads refused
   * once the product is closed.
   */
  OutputPort bind(String productName, Telemetry productTelemetry,
      List<AccessPolicy> productPolicies, String salt, ProductLifecycle productLifecycle) {
    List<AccessPolicy> all = new ArrayList<>(policies);
    all.addAll(productPolicies);
    // the port built is now the product's: reads through it are refused (see read)
    owner.compareAndSet(null, productName);
    return new OutputPort(name, contract, store, quarantine, all, onNonConforming,
        productTelemetry, productName, salt, productLifecycle, owner);
  }

  @Override
  public String toString() {
    return "OutputPort{" + name + ", " + store.type() + ", contract " + contract.id() + " "
        + contract.version() + "}";
  }

  /**
   * The settings every output port has. Adapter builders extend it with their own.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Builder<B extends Builder<B>> {
    private final String name;
    private DataContract contract;
    private final List<AccessPolicy> policies = new ArrayList<>();
    private Action onNonConforming = Action.QUARANTINE;
    private PublicationStore quarantine;
    private Telemetry telemetry = Telemetry.global();
    private String maskingSalt;

    protected Builder(String name) {
      this.name = checkName(name, "output port name");
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /** The port's name. */
    protected final String name() {
      return name;
    }

    /** The contract rows are checked against (required). */
    public B contract(DataContract contract) {
      this.contract = Objects.requireNonNull(contract, "contract");
      return self();
    }

    /** The contract, for adapter builders that derive storage settings from it. */
    protected final DataContract contract() {
      return contract;
    }

    /** Adds an access policy enforced on every consumer read. */
    public B accessPolicy(AccessPolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return self();
    }

    /**
     * What to do with rows that do not match the schema or that the store cannot keep exactly:
     * {@link Action#QUARANTINE} (the default) or {@link Action#FAIL}. {@link Action#WARN} is
     * refused: such a row cannot be published.
     */
    public B onNonConforming(Action action) {
      Objects.requireNonNull(action, "action");
      if (action == Action.WARN) {
        throw new IllegalArgumentException("onNonConforming(WARN) of port '" + name + "': a row"
            + " that does not match the schema cannot be published; use QUARANTINE or FAIL");
      }
      this.onNonConforming = action;
      return self();
    }

    /** Where rejected rows go, instead of the store's own quarantine. */
    public B quarantine(PublicationStore quarantine) {
      this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
      return self();
    }

    /** Telemetry for consumer reads of the port used on its own (a product binds its own). */
    public B telemetry(Telemetry telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return self();
    }

    /** The salt hashed masks use (a product binds its own; default: derived from the name). */
    public B maskingSalt(String salt) {
      this.maskingSalt = Objects.requireNonNull(salt, "salt");
      return self();
    }

    /** Creates the storage from the adapter's settings. Called once by {@link #build()}. */
    protected abstract PublicationStore createStore();

    /**
     * The port.
     *
     * @throws IllegalArgumentException when no contract was given, or the adapter's settings
     *     are invalid
     */
    public final OutputPort build() {
      if (contract == null) {
        throw new IllegalArgumentException("Output port '" + name + "' has no contract");
      }
      for (AccessPolicy p : policies) {
        checkPolicyFields(p, contract.schema(), name);
        checkRowFilters(p, contract.schema(), name);
      }
      PublicationStore store = Objects.requireNonNull(createStore(), "createStore()");
      PublicationStore q = quarantine != null ? quarantine : store.quarantine();
      return new OutputPort(name, contract, store, Objects.requireNonNull(q, "quarantine"),
          policies, onNonConforming, telemetry, null,
          maskingSalt != null ? maskingSalt : "dataproduct:" + name, null,
          new AtomicReference<>());
    }
  }

  /** A builder over a given {@link PublicationStore}. */
  public static final class SimpleBuilder extends Builder<SimpleBuilder> {
    private final PublicationStore store;

    private SimpleBuilder(String name, PublicationStore store) {
      super(name);
      this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected PublicationStore createStore() {
      return store;
    }
  }
}
