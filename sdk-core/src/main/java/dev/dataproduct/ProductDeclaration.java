package dev.dataproduct;

import dev.dataproduct.contract.ContractDocument;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.DataProductDescriptor.InputPortRef;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import dev.dataproduct.contract.DescriptorFiles;
import dev.dataproduct.policy.DatasetStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data product as its descriptor files declare it — an ODPS document plus one ODCS contract per
 * output port, laid out as {@link DescriptorFiles} writes them — waiting for code to bind what
 * YAML cannot say: the storage of each port (clients, tables, buckets), the transform, custom
 * rules' and row filters' predicates. Everything the files say comes from the files: name,
 * version, domain, description, tags, owners, management ports, access policies (masks and row
 * filters included), each output port's contract (schema, rules, SLA properties, glossary terms)
 * and handling of non-conforming rows, each input port's upstream references.
 *
 * <pre>{@code
 * DataProduct revenue = DataProduct.fromDescriptor(Path.of("descriptors/daily-revenue.odps.yaml"))
 *     .bindInput(JdbcInputPort.builder("orders", dataSource)
 *         .query("SELECT * FROM orders WHERE status = ?", "CONFIRMED").schema(ORDERS).build())
 *     .bindOutput(S3OutputPort.builder("revenue-lake")      // storage only: the contract,
 *         .client(s3).bucket("lake").prefix("sales/daily-revenue"))  // policies come from files
 *     .transform(SalesProducts::aggregateDailyRevenue)
 *     .build();
 * }</pre>
 *
 * <p>Writing the built product's descriptors ({@link DescriptorFiles#write}) gives back the files
 * it was declared from, byte for byte, when they were written by the SDK and the ports are bound
 * to the same storage. A bound port that contradicts the files (another name, storage type or
 * upstream) fails the build naming both. What a product has and the files cannot say (telemetry,
 * expectations, quarantine readers, batch size) goes through {@link #toBuilder()}.
 *
 * <p>Not thread-safe while being bound; the product it builds is.
 */
public final class ProductDeclaration {
  private static final Logger LOG = LoggerFactory.getLogger(ProductDeclaration.class);

  private final Path odps;
  private final DataProductDescriptor descriptor;
  private final Map<String, InputPort> inputs = new LinkedHashMap<>();
  private final Map<String, OutputPort.Builder<?>> outputs = new LinkedHashMap<>();
  private final Map<String, BiPredicate<Row, Principal>> rowFilters = new LinkedHashMap<>();
  private final DataContracts.Reader contracts = DataContracts.reader();
  private Transform transform;

  private ProductDeclaration(Path odps, DataProductDescriptor descriptor) {
    this.odps = odps;
    this.descriptor = descriptor;
  }

  /** See {@link DataProduct#fromDescriptor}. */
  static ProductDeclaration read(Path odps) {
    Objects.requireNonNull(odps, "odps");
    DataProductDescriptor d = DataProductDescriptor.read(odps);
    List<String> missing = new ArrayList<>();
    if (d.version().isEmpty()) {
      missing.add("version");
    }
    if (d.domain().isEmpty()) {
      missing.add("domain");
    }
    if (!missing.isEmpty()) {
      throw new DescriptorException(odps.toString(), "$", "a product declared from its"
          + " descriptor needs " + missing);
    }
    List<String> ignored = new ArrayList<>();
    d.tenant().ifPresent(t -> ignored.add("tenant"));
    d.limitations().ifPresent(t -> ignored.add("description.limitations"));
    d.usage().ifPresent(t -> ignored.add("description.usage"));
    d.members().stream().filter(m -> m.ownerKind() == null)
        .forEach(m -> ignored.add("team member " + m.username() + " (not an owner)"));
    if (!ignored.isEmpty()) {
      LOG.warn("{}: a product keeps no {}; its descriptor will not have them", odps, ignored);
    }
    return new ProductDeclaration(odps, d);
  }

  /** The ODPS descriptor the product is declared in. */
  public DataProductDescriptor descriptor() {
    return descriptor;
  }

  /**
   * The ODCS document of output port {@code port}, as the files declare it: its contract, server
   * (where the data lives: bind the port's storage to it), access policies.
   *
   * @throws DescriptorException when the file is missing or invalid
   */
  public ContractDocument contractDocument(String port) {
    OutputPortRef ref = outputRef(port);
    Path file = odcsFile(ref.name());
    ContractDocument doc = contracts.readDocument(file);
    String source = file.toString();
    if (doc.port().isPresent() && !doc.port().get().equals(ref.name())) {
      throw new DescriptorException(source, "$.customProperties", "the contract describes"
          + " output port '" + doc.port().get() + "', the product's descriptor has it for output"
          + " port '" + ref.name() + "'");
    }
    if (ref.contractId() != null && !ref.contractId().equals(doc.contract().id())) {
      throw new DescriptorException(source, "$.id", "the contract's id is '"
          + doc.contract().id() + "', the product's descriptor expects '" + ref.contractId()
          + "' for output port '" + ref.name() + "'");
    }
    if (ref.version() != null && !ref.version().equals(doc.contract().version().toString())) {
      throw new DescriptorException(source, "$.version", "the contract's version is "
          + doc.contract().version() + ", the product's descriptor expects " + ref.version()
          + " for output port '" + ref.name() + "'");
    }
    return doc;
  }

  /**
   * Binds input port {@code port.name()}, declared in the ODPS document. It must agree with the
   * declaration: same storage type, and for another product's port the same upstream product,
   * port, contract id and accepted major versions.
   *
   * @throws IllegalArgumentException when the descriptor declares no such input port
   */
  public ProductDeclaration bindInput(InputPort port) {
    Objects.requireNonNull(port, "port");
    inputRef(port.name());
    if (inputs.putIfAbsent(port.name(), port) != null) {
      throw new IllegalArgumentException("Input port '" + port.name() + "' is bound twice");
    }
    return this;
  }

  /**
   * Binds the storage of output port {@code storage}'s name, declared in the ODPS document: an
   * adapter's builder with its storage settings only. The contract, the port's access policies
   * and its handling of non-conforming rows come from the port's ODCS file.
   *
   * <pre>{@code
   * .bindOutput(JdbcOutputPort.builder("revenue-table").dataSource(ds).table("daily_revenue")
   *     .mode(WriteMode.OVERWRITE).createTableIfMissing())
   * }</pre>
   *
   * @throws IllegalArgumentException when the descriptor declares no such output port, or the
   *     builder already has a contract
   */
  public ProductDeclaration bindOutput(OutputPort.Builder<?> storage) {
    Objects.requireNonNull(storage, "storage");
    String name = storage.name();
    outputRef(name);
    if (storage.contract() != null) {
      throw new IllegalArgumentException("Output port '" + name + "' is bound with a contract;"
          + " its contract comes from " + odcsFile(name).getFileName() + ": bind the storage"
          + " only");
    }
    if (outputs.putIfAbsent(name, storage) != null) {
      throw new IllegalArgumentException("Output port '" + name + "' is bound twice");
    }
    return this;
  }

  /** The predicate of custom row rule {@code ruleId} of an output port's contract. */
  public ProductDeclaration bindRule(String ruleId, Predicate<Row> predicate) {
    contracts.bind(ruleId, predicate);
    return this;
  }

  /** The predicate of custom dataset rule {@code ruleId} of an output port's contract. */
  public ProductDeclaration bindDatasetRule(String ruleId, Predicate<DatasetStats> predicate) {
    contracts.bindDataset(ruleId, predicate);
    return this;
  }

  /**
   * The predicate of the access policies' row filter {@code name}, a filter over Java code
   * (descriptors keep its name only; unbound, it shows no row).
   */
  public ProductDeclaration bindRowFilter(String name, BiPredicate<Row, Principal> predicate) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(predicate, "predicate");
    rowFilters.put(name, predicate);
    contracts.bindRowFilter(name, predicate);
    return this;
  }

  /** The transform (default: {@link Transforms#identity()}). */
  public ProductDeclaration transform(Transform transform) {
    this.transform = Objects.requireNonNull(transform, "transform");
    return this;
  }

  /**
   * A product builder holding everything declared and bound so far, for what the files cannot
   * say ({@code telemetry}, {@code expect}, {@code quarantineReaders}, ...).
   *
   * @throws IllegalArgumentException naming a declared port left unbound
   * @throws DescriptorException when a port's ODCS file is missing, invalid or contradicts the
   *     ODPS document
   */
  public DataProduct.Builder toBuilder() {
    DataProduct.Builder b = DataProduct.builder(descriptor.id())
        .version(descriptor.version().orElseThrow())
        .domain(descriptor.domain().orElseThrow());
    descriptor.purpose().ifPresent(b::description);
    b.owner(descriptor.owners().toArray(Owner[]::new));
    b.tags(descriptor.tags().toArray(String[]::new));
    descriptor.managementPorts().forEach(b::managementPort);
    descriptor.accessPolicies(rowFilters).forEach(b::policy);
    List<String> unbound = new ArrayList<>();
    for (InputPortRef ref : descriptor.inputPorts()) {
      InputPort port = inputs.get(ref.name());
      if (port == null) {
        unbound.add("input port '" + ref.name() + "'");
        continue;
      }
      InputPortRef actual = ProductDescriptors.inputPort(port);
      if (!actual.equals(ref)) {
        throw new IllegalArgumentException("Input port '" + ref.name() + "' is declared in "
            + odps.getFileName() + " as " + describe(ref) + " but bound to " + describe(actual));
      }
      b.input(port);
    }
    for (OutputPortRef ref : descriptor.outputPorts()) {
      OutputPort.Builder<?> storage = outputs.get(ref.name());
      if (storage == null) {
        unbound.add("output port '" + ref.name() + "'");
        continue;
      }
      b.output(outputPort(ref, storage));
    }
    if (!unbound.isEmpty()) {
      throw new IllegalArgumentException("Product '" + descriptor.id() + "' of "
          + odps.getFileName() + " has unbound ports " + unbound + ": bind each with"
          + " bindInput(...) or bindOutput(...)");
    }
    if (transform != null) {
      b.transform(transform);
    }
    return b;
  }

  /** The product: {@code toBuilder().build()}. */
  public DataProduct build() {
    return toBuilder().build();
  }

  private OutputPort outputPort(OutputPortRef ref, OutputPort.Builder<?> storage) {
    ContractDocument doc = contractDocument(ref.name());
    storage.contract(doc.contract());
    ref.accessPolicies(rowFilters).forEach(storage::accessPolicy);
    doc.onNonConforming().ifPresent(storage::onNonConforming);
    OutputPort port = storage.build();
    if (ref.type() != null && !ref.type().equals(port.type())) {
      throw new IllegalArgumentException("Output port '" + ref.name() + "' is declared in "
          + odps.getFileName() + " with storage type " + ref.type() + " but bound to "
          + port.type() + " storage");
    }
    return port;
  }

  private InputPortRef inputRef(String name) {
    return descriptor.inputPorts().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(odps.getFileName() + " declares no"
            + " input port '" + name + "'; its input ports are " + descriptor.inputPorts()
            .stream().map(InputPortRef::name).toList()));
  }

  private OutputPortRef outputRef(String name) {
    return descriptor.outputPorts().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(odps.getFileName() + " declares no"
            + " output port '" + name + "'; its output ports are " + descriptor.outputPorts()
            .stream().map(OutputPortRef::name).toList()));
  }

  private Path odcsFile(String port) {
    Path dir = odps.toAbsolutePath().getParent();
    Path file = dir.resolve(DescriptorFiles.odcsFileName(descriptor.id(), port));
    if (!Files.isRegularFile(file)) {
      throw new DescriptorException(file.toString(), "$", "the ODCS contract of output port '"
          + port + "' of " + odps.getFileName() + " is missing (expected next to it, named as"
          + " DescriptorFiles.odcsFileName names it)");
    }
    return file;
  }

  private static String describe(InputPortRef ref) {
    Map<String, Object> all = new LinkedHashMap<>(ref.customProperties());
    if (ref.contractId() != null) {
      all.put("contractId", ref.contractId());
    }
    if (ref.version() != null) {
      all.put("version", ref.version());
    }
    return all.toString();
  }

  @Override
  public String toString() {
    return "ProductDeclaration{" + odps + ", inputs bound " + inputs.keySet()
        + ", outputs bound " + outputs.keySet() + "}";
  }
}
