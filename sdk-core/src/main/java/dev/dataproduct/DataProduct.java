package dev.dataproduct;

import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.ManagementPort;
import dev.dataproduct.internal.Runner;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.telemetry.Telemetry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A data product: a versioned, owned, documented dataset other teams consume and can trust. It
 * reads its input ports, transforms, checks every row against each output port's contract,
 * quarantines bad rows with a reason, and publishes atomically as a new version — traced and
 * metered with the names of {@link dev.dataproduct.telemetry.TelemetryNames}.
 *
 * <pre>{@code
 * DataProduct revenue = DataProduct.builder("daily-revenue")
 *     .version("1.2.0")
 *     .domain("sales")
 *     .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
 *     .description("Revenue per day and country, from confirmed orders")
 *     .input(JdbcInputPort.query("orders", ordersDb, "select * from orders where status = ?",
 *         "CONFIRMED"))
 *     .transform(DailyRevenue::aggregate)
 *     .output(S3OutputPort.builder("revenue-lake").client(s3).bucket("lake")
 *         .prefix("sales/daily-revenue").contract(contract).format(Formats.jsonLines()).build())
 *     .policy(AccessPolicy.allow("analyst").mask("customer_email"))
 *     .build();
 *
 * RunResult run = revenue.run();   // traced, metered, checked, published atomically
 * }</pre>
 *
 * <p>Immutable and thread-safe: {@link #run()} may be called many times and from several threads
 * at once; each run gets its own id and its own publication per output port.
 *
 * <p>A product owns the ports it was built with and {@link #close() releases} them (an S3 port's
 * upload threads, for instance; never the {@code DataSource} or {@code S3Client} you handed in).
 * A service that builds products as it goes closes each one when done with it:
 *
 * <pre>{@code
 * try (DataProduct product = DataProduct.builder("daily-revenue")
 *     ...
 *     .build()) {
 *   product.run().orThrow();
 * }   // the product's ports are released; product.run() would now fail
 * }</pre>
 *
 * <p>Products derived with {@link #toBuilder()}, {@link #withInput}, {@link #withOutput} or
 * {@link #withTelemetry} share the ports they did not replace: close only the one you keep.
 *
 * <p>Why one class of this size: its {@link Builder} is nested public API ({@code
 * DataProduct.Builder}, reached through {@link #builder} and {@link #toBuilder()}, which copies
 * the product's private state), and half of the file is the documentation of the builder's
 * options. The work lives elsewhere: checks in {@code ProductChecks}, closing in {@code
 * ProductLifecycle}, runs in {@code internal.Runner}, the descriptor in {@code
 * ProductDescriptors}.
 */
public final class DataProduct implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");
  /** Rows per batch when none is configured. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  private final String name;
  private final SemanticVersion version;
  private final String domain;
  private final String description;
  private final List<Owner> owners;
  private final Set<String> tags;
  private final Map<String, InputPort> inputs;
  private final Map<String, List<RowRule>> expectations;
  private final Transform transform;
  private final Map<String, OutputPort> outputs;
  private final Map<String, OutputPort> rawOutputs;
  private final List<AccessPolicy> policies;
  private final Telemetry telemetry;
  private final int batchSize;
  private final Clock clock;
  private final String maskingSalt;
  private final PublicationStore configuredInputQuarantine;
  private final List<RunListener> listeners;
  private final Glossary glossary;
  private final List<ManagementPort> managementPorts;
  private final ProductLifecycle lifecycle;
  private final Set<String> quarantineReaders;
  private final long uniquenessMemory;
  private final Path spillDirectory;

  private DataProduct(Builder b) {
    this.uniquenessMemory = b.uniquenessMemory;
    this.spillDirectory = b.spillDirectory;
    this.quarantineReaders = Set.copyOf(b.quarantineReaders);
    this.name = b.name;
    this.version = b.version;
    this.domain = b.domain;
    this.description = b.description;
    this.owners = List.copyOf(b.owners);
    this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    Map<String, List<RowRule>> exp = new LinkedHashMap<>();
    b.expectations.forEach((k, v) -> exp.put(k, List.copyOf(v)));
    this.expectations = Collections.unmodifiableMap(exp);
    this.transform = b.transform;
    this.policies = List.copyOf(b.policies);
    this.telemetry = b.telemetry;
    this.batchSize = b.batchSize;
    this.clock = b.clock;
    this.maskingSalt = b.maskingSalt != null ? b.maskingSalt : "dataproduct:" + b.name;
    this.listeners = List.copyOf(b.listeners);
    this.glossary = b.glossary;
    this.managementPorts = List.copyOf(b.managementPorts);
    this.lifecycle = new ProductLifecycle(b.name);
    Map<String, OutputPort> bound = new LinkedHashMap<>();
    b.outputs.forEach((k, v) -> {
      OutputPort port = glossary == null ? v
          : v.withContract(glossary.bind(v.contract(), b.domain));
      bound.put(k, port.bind(name, telemetry, policies, maskingSalt, lifecycle));
    });
    this.outputs = Collections.unmodifiableMap(bound);
    this.rawOutputs = Map.copyOf(b.outputs);
    this.configuredInputQuarantine = b.inputQuarantine;
  }

  /** A builder for a product named {@code name} (lower case letters, digits, - _ .). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A product declared in its descriptor files (contract-first): the ODPS document {@code odps}
   * and, next to it, the ODCS contract of each output port, as {@link
   * dev.dataproduct.contract.DescriptorFiles} lays them out. Code binds what YAML cannot say:
   *
   * <pre>{@code
   * DataProduct revenue = DataProduct.fromDescriptor(Path.of("descriptors/daily-revenue.odps.yaml"))
   *     .bindInput(ordersPort)                                   // an InputPort
   *     .bindOutput(S3OutputPort.builder("revenue-lake")         // storage only
   *         .client(s3).bucket("lake").prefix("sales/daily-revenue"))
   *     .transform(SalesProducts::aggregateDailyRevenue)
   *     .build();
   * }</pre>
   *
   * @throws DescriptorException when the ODPS document cannot be read or lacks version or domain
   * @see ProductDeclaration
   */
  public static ProductDeclaration fromDescriptor(java.nio.file.Path odps) {
    return ProductDeclaration.read(odps);
  }

  /** A builder holding everything of this product, to derive a changed one. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.version = version;
    b.domain = domain;
    b.description = description;
    b.owners.addAll(owners);
    b.tags.addAll(tags);
    b.inputs.putAll(inputs);
    expectations.forEach((k, v) -> b.expectations.put(k, new ArrayList<>(v)));
    b.transform = transform;
    outputs.keySet().forEach(k -> b.outputs.put(k, rawOutputs.get(k)));
    b.policies.addAll(policies);
    b.telemetry = telemetry;
    b.batchSize = batchSize;
    b.clock = clock;
    b.maskingSalt = maskingSalt;
    b.inputQuarantine = configuredInputQuarantine;
    b.listeners.addAll(listeners);
    b.glossary = glossary;
    b.managementPorts.addAll(managementPorts);
    b.quarantineReaders.addAll(quarantineReaders);
    b.uniquenessMemory = uniquenessMemory;
    b.spillDirectory = spillDirectory;
    return b;
  }

  /**
   * Runs the product once: reads, transforms, enforces, quarantines, publishes. Never throws for
   * a failed run: the result says {@link RunOutcome#FAILED} and carries the error (see {@link
   * RunResult#orThrow()}).
   *
   * @throws IllegalStateException when the product is {@linkplain #close() closed}
   */
  public RunResult run() {
    lifecycle.enter();
    try {
      return new Runner(this).run();
    } finally {
      lifecycle.leave();
    }
  }

  /**
   * Runs the product as a sequence of micro-batch runs on a thread of its own until {@link
   * ContinuousRun#stop()} or {@link #close()}: for products whose input is a stream (see {@link
   * ContinuousRun}).
   *
   * <pre>{@code
   * ContinuousRun stream = product.runContinuously(ContinuousRun.options());
   * ...
   * stream.stop();
   * }</pre>
   *
   * @throws IllegalStateException when the product is {@linkplain #close() closed}
   */
  public ContinuousRun runContinuously(ContinuousRun.Options options) {
    return ContinuousRun.start(this, Objects.requireNonNull(options, "options"), lifecycle);
  }

  /**
   * Releases what the product's ports own: closes every input port, every output port's {@link
   * PortStorage#store store} (which releases its own quarantine), every quarantine store given
   * to a port or to {@link Builder#inputQuarantine} — each once, even when shared. A failing
   * close does not stop the others; the first failure is thrown once all were tried, with the
   * later ones {@linkplain Throwable#addSuppressed suppressed}.
   *
   * <p>Continuous runs of the product are stopped first, each completing its micro-batch in
   * progress. From the moment it is called, {@link #run()} and reads through the product's output ports
   * ({@link #read}, {@code output(name).read(...)}) throw {@link IllegalStateException}. Runs in
   * progress are not cut short: close waits until they have ended (committed or failed), then
   * releases the ports. If the closing thread is interrupted while it waits, it stops waiting,
   * releases the ports at once (runs still in progress then fail on their next store call) and
   * keeps its interrupt flag. Readers opened before close are not waited for: close them first.
   *
   * <p>Idempotent: a second call, or a call while another thread is closing, returns at once.
   *
   * @throws IllegalStateException when called from within a run of this product (it would wait
   *     for itself)
   */
  @Override
  public void close() {
    lifecycle.stopContinuousRuns();
    if (!lifecycle.beginClose()) {
      return;
    }
    ProductLifecycle.release(inputs.values(), outputs.values(), configuredInputQuarantine);
  }

  /** The same product reading {@code port} from another input port (tests, backfills). */
  public DataProduct withInput(String port, InputPort replacement) {
    Objects.requireNonNull(replacement, "replacement");
    if (!inputs.containsKey(port)) {
      throw new IllegalArgumentException(
          "Product '" + name + "' has no input port '" + port + "'; ports are " + inputs.keySet());
    }
    if (!replacement.name().equals(port)) {
      throw new IllegalArgumentException("Replacement input port is named '" + replacement.name()
          + "', expected '" + port + "'");
    }
    Builder b = toBuilder();
    b.inputs.put(port, replacement);
    return b.build();
  }

  /** The same product publishing {@code port} to another output port (tests). */
  public DataProduct withOutput(OutputPort replacement) {
    Objects.requireNonNull(replacement, "replacement");
    if (!outputs.containsKey(replacement.name())) {
      throw new IllegalArgumentException("Product '" + name + "' has no output port '"
          + replacement.name() + "'; ports are " + outputs.keySet());
    }
    Builder b = toBuilder();
    b.outputs.put(replacement.name(), replacement);
    return b.build();
  }

  /** The same product reporting to {@code telemetry}. */
  public DataProduct withTelemetry(Telemetry telemetry) {
    Builder b = toBuilder();
    b.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    return b.build();
  }

  public String name() {
    return name;
  }

  public SemanticVersion version() {
    return version;
  }

  public String domain() {
    return domain;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public List<Owner> owners() {
    return owners;
  }

  /** The owner of the given kind, if declared. */
  public Optional<Owner> owner(Owner.Kind kind) {
    return owners.stream().filter(o -> o.kind() == kind).findFirst();
  }

  public Set<String> tags() {
    return tags;
  }

  public Map<String, InputPort> inputs() {
    return inputs;
  }

  /** Rules checked on the rows of each input port before the transform sees them. */
  public Map<String, List<RowRule>> expectations() {
    return expectations;
  }

  public Transform transform() {
    return transform;
  }

  /** The output ports, bound to this product (its policies, telemetry and masking salt). */
  public Map<String, OutputPort> outputs() {
    return outputs;
  }

  /**
   * The output port named {@code name}, bound to this product: reads through it apply the
   * product's access policies.
   *
   * @throws IllegalArgumentException naming the port and the known ones
   */
  public OutputPort output(String name) {
    OutputPort p = outputs.get(name);
    if (p == null) {
      throw new IllegalArgumentException("Product '" + this.name + "' has no output port '"
          + name + "'; ports are " + outputs.keySet());
    }
    return p;
  }

  /**
   * Reads the quarantine of port {@code port} (an output port's rejected rows, or an input port's,
   * which go to {@link PortStorage#inputQuarantine the input quarantine}) as {@code principal}:
   * {@link Quarantine#SCHEMA} records of that port, the rejected row in clear in {@link
   * Quarantine#RECORD}. Quarantines hold classified values, so only the product's owners (a
   * principal whose id is an {@link Owner#id() owner's id}) and principals with a role declared
   * by {@link Builder#quarantineReaders} may read them; every read, granted or denied, is a
   * {@code dataproduct.consume {port}.quarantine} span with the access decision event and counts
   * in {@code dataproduct.consumer.reads}, like any consumer read. Each run that rejected rows
   * commits one quarantine publication: {@link ReadOptions#latest()} is the newest.
   *
   * <pre>{@code
   * try (BatchReader r = product.quarantine("orders", Principal.of("sales-data-eng"),
   *     ReadOptions.latest())) {
   *   for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) { ... }
   * }
   * }</pre>
   *
   * @throws AccessDeniedException naming the principal, the owners and the reader roles
   * @throws IllegalArgumentException when the product has no such port
   */
  public BatchReader quarantine(String port, Principal principal, ReadOptions options) {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(options, "options");
    lifecycle.checkOpen("reading the quarantine of port '" + port + "'");
    PublicationStore store;
    if (outputs.containsKey(port)) {
      store = PortStorage.quarantine(outputs.get(port));
    } else if (inputs.containsKey(port)) {
      store = inputQuarantineStore();
    } else {
      throw new IllegalArgumentException("Product '" + name + "' has no port '" + port
          + "'; ports are " + inputs.keySet() + " and " + outputs.keySet());
    }
    return QuarantineReads.read(this, store, port, principal, options, maskingSalt);
  }

  /** The roles that may read the product's quarantines, besides its owners. */
  public Set<String> quarantineReaders() {
    return quarantineReaders;
  }

  /** Shortcut for {@code output(port).read(principal, options)}. */
  public BatchReader read(String port, Principal principal, ReadOptions options) {
    return output(port).read(principal, options);
  }

  /** The product-level access policies (also applied by every bound output port). */
  public List<AccessPolicy> policies() {
    return policies;
  }

  public Telemetry telemetry() {
    return telemetry;
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * The heap bytes a run's uniqueness rules may keep their keys in (see {@link
   * Builder#uniquenessMemory}): as configured, else a quarter of the JVM's maximum heap now.
   */
  public long uniquenessMemory() {
    return uniquenessMemory > 0 ? uniquenessMemory : Runtime.getRuntime().maxMemory() / 4;
  }

  /** Where runs spill uniqueness keys beyond {@link #uniquenessMemory()} (see the builder). */
  public Path spillDirectory() {
    return spillDirectory != null ? spillDirectory
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  public Clock clock() {
    return clock;
  }

  /** Where rows rejected at an input port go (see {@link PortStorage#inputQuarantine}). */
  PublicationStore inputQuarantineStore() {
    return configuredInputQuarantine != null
        ? configuredInputQuarantine
        : PortStorage.quarantine(outputs.values().iterator().next());
  }

  /** Told when runs start and end (lineage, audit). */
  public List<RunListener> listeners() {
    return listeners;
  }

  /** The glossary the output contracts were bound to, if any. */
  public Optional<Glossary> glossary() {
    return Optional.ofNullable(glossary);
  }

  /** The management ports listed in the descriptor (dashboards, metrics endpoints). */
  public List<ManagementPort> managementPorts() {
    return managementPorts;
  }

  /**
   * The product as an ODPS v1.1.0 descriptor ({@link DataProductDescriptor#toYaml()}); each
   * output port's ODCS contract document is {@link OutputPort#contractDocument()}.
   */
  public DataProductDescriptor descriptor() {
    return ProductDescriptors.of(this);
  }

  @Override
  public String toString() {
    return "DataProduct{" + name + " " + version + ", domain " + domain + ", inputs "
        + inputs.keySet() + ", outputs " + outputs.keySet() + "}";
  }

  /** Builds a {@link DataProduct}. */
  public static final class Builder {
    private final String name;
    private SemanticVersion version;
    private String domain;
    private String description;
    private final List<Owner> owners = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final Map<String, InputPort> inputs = new LinkedHashMap<>();
    private final Map<String, List<RowRule>> expectations = new LinkedHashMap<>();
    private Transform transform;
    private final Map<String, OutputPort> outputs = new LinkedHashMap<>();
    private final List<AccessPolicy> policies = new ArrayList<>();
    private Telemetry telemetry = Telemetry.global();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Clock clock = Clock.systemUTC();
    private String maskingSalt;
    private PublicationStore inputQuarantine;
    private final List<RunListener> listeners = new ArrayList<>();
    private Glossary glossary;
    private final List<ManagementPort> managementPorts = new ArrayList<>();
    private final Set<String> quarantineReaders = new LinkedHashSet<>();
    private long uniquenessMemory;
    private Path spillDirectory;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Invalid product name '" + name
            + "': use lower-case letters, digits and - _ . (at most 128 characters)");
      }
      this.name = name;
    }

    /** The product's semantic version (required), e.g. {@code 1.2.0}. */
    public Builder version(String version) {
      this.version = SemanticVersion.parse(version);
      return this;
    }

    /** The business domain that owns it (required), e.g. {@code sales}. */
    public Builder domain(String domain) {
      Objects.requireNonNull(domain, "domain");
      if (domain.isBlank()) {
        throw new IllegalArgumentException("Domain must not be blank");
      }
      this.domain = domain;
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Adds owners; a product needs a business and a technical owner. */
    public Builder owner(Owner... owners) {
      for (Owner o : Objects.requireNonNull(owners, "owners")) {
        this.owners.add(Objects.requireNonNull(o, "owner"));
      }
      return this;
    }

    public Builder tags(String... tags) {
      for (String t : Objects.requireNonNull(tags, "tags")) {
        this.tags.add(Objects.requireNonNull(t, "tag"));
      }
      return this;
    }

    /** Adds an input port; names must be unique. */
    public Builder input(InputPort port) {
      Objects.requireNonNull(port, "port");
      OutputPort.checkName(port.name(), "input port name");
      if (inputs.putIfAbsent(port.name(), port) != null) {
        throw new IllegalArgumentException("Input port '" + port.name() + "' declared twice");
      }
      return this;
    }

    /**
     * Rules the rows of input port {@code port} must satisfy before the transform sees them.
     * Rows violating a QUARANTINE rule go to the input quarantine, a FAIL rule fails the run.
     */
    public Builder expect(String port, RowRule... rules) {
      Objects.requireNonNull(port, "port");
      List<RowRule> list = expectations.computeIfAbsent(port, k -> new ArrayList<>());
      for (RowRule r : Objects.requireNonNull(rules, "rules")) {
        list.add(Objects.requireNonNull(r, "rule"));
      }
      return this;
    }

    /** The transform (default: {@link Transforms#identity()}). */
    public Builder transform(Transform transform) {
      this.transform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /** Adds an output port; names must be unique. */
    public Builder output(OutputPort port) {
      Objects.requireNonNull(port, "port");
      if (outputs.putIfAbsent(port.name(), port) != null) {
        throw new IllegalArgumentException("Output port '" + port.name() + "' declared twice");
      }
      return this;
    }

    /** Adds an access policy applied to every output port. */
    public Builder policy(AccessPolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** Telemetry instances (default: {@link Telemetry#global()}). */
    public Builder telemetry(Telemetry telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    /** Rows per batch, 1 to 1,000,000 (default {@value DataProduct#DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 1_000_000) {
        throw new IllegalArgumentException(
            "Batch size must be between 1 and 1,000,000, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The heap bytes a run's uniqueness checks (primary keys, unique fields, {@code
     * Rules.unique}) may keep their keys in, shared by every rule of every port of the run.
     * Beyond it the keys spill to sorted files in {@link #spillDirectory}, with the same
     * verdicts: the first row with a key is kept, later ones are quarantined. Default: a quarter
     * of the JVM's maximum heap ({@code Runtime.maxMemory() / 4}), taken when a run starts.
     * {@link Long#MAX_VALUE} keeps every key in the heap and never spills; should the heap run
     * out, the run fails naming the rule.
     *
     * <pre>{@code
     * DataProduct.builder("events")
     *     ...
     *     .uniquenessMemory(64L << 20)                  // 64 MiB of keys in the heap
     *     .spillDirectory(Path.of("/var/tmp/events"))   // the rest on local disk
     *     .build();
     * }</pre>
     *
     * <p>A key takes about 16 to 32 bytes in the heap for an integer field and the key's size
     * plus about 17 for other types; a spilled key keeps about 10 bits of Bloom filter in the
     * heap while filters fit in half the budget.
     *
     * @throws IllegalArgumentException when {@code bytes} is not positive
     */
    public Builder uniquenessMemory(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Uniqueness memory must be positive, was " + bytes);
      }
      this.uniquenessMemory = bytes;
      return this;
    }

    /**
     * Where runs spill uniqueness keys beyond {@link #uniquenessMemory} (default: {@code
     * java.io.tmpdir}). Each run that spills uses a directory of its own in it, deleted when the
     * run ends, successful or not; local disk is best (one read per lookup that reaches it).
     */
    public Builder spillDirectory(Path directory) {
      this.spillDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The clock runs read (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The secret salt of hashed masks (default: derived from the product name, not secret). */
    public Builder maskingSalt(String salt) {
      this.maskingSalt = Objects.requireNonNull(salt, "salt");
      return this;
    }

    /** Where rows rejected at input ports go (default: the first output port's quarantine). */
    public Builder inputQuarantine(PublicationStore store) {
      this.inputQuarantine = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Adds a listener told when runs start and end, e.g. an OpenLineage emitter. */
    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Binds the output contracts' fields to the glossary's terms when the product is built: a
     * field whose type conflicts with its term fails the build (see {@link Glossary}).
     */
    public Builder glossary(Glossary glossary) {
      this.glossary = Objects.requireNonNull(glossary, "glossary");
      return this;
    }

    /**
     * Roles that may read the product's quarantines ({@link DataProduct#quarantine}) besides its
     * owners, e.g. a data steward's.
     */
    public Builder quarantineReaders(String... roles) {
      for (String r : Objects.requireNonNull(roles, "roles")) {
        Objects.requireNonNull(r, "role");
        if (r.isBlank()) {
          throw new IllegalArgumentException("A quarantine reader role must not be blank");
        }
        quarantineReaders.add(Principal.normalizeName(r));
      }
      return this;
    }

    /** Adds a management port to the product's descriptor. */
    public Builder managementPort(ManagementPort port) {
      managementPorts.add(Objects.requireNonNull(port, "port"));
      return this;
    }

    /**
     * The product.
     *
     * @throws IllegalArgumentException naming what is missing or inconsistent, or a field bound
     *     to a glossary term it conflicts with
     */
    public DataProduct build() {
      ProductChecks.check(name, version, domain, owners, inputs, expectations, outputs,
          policies);
      if (transform == null) {
        transform = Transforms.identity();
      }
      return new DataProduct(this);
    }
  }
}
