package dev.dataproduct.contract;

import dev.dataproduct.Row;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * An output port's ODCS document as the SDK writes it ({@link
 * DataContracts#toYaml(dev.dataproduct.OutputPort)}): the contract, plus what the port adds — its
 * name, its storage as a server, its access policies and its handling of non-conforming rows.
 * Reading a document the SDK wrote and writing it again ({@link #toYaml()}) gives the same bytes.
 *
 * <pre>{@code
 * ContractDocument doc = DataContracts.reader().readDocument(
 *     Path.of("descriptors/daily-revenue.revenue-lake.odcs.yaml"));
 * doc.contract();          // the DataContract
 * doc.server();            // {type=s3, location=s3://lake/sales/daily-revenue, format=jsonl}
 * doc.accessPolicies();    // masks and row filters included
 * }</pre>
 *
 * <p>Of a hand-written document with several servers, the first is kept.
 */
public final class ContractDocument {
  static final String PORT = "dataproduct.port";
  static final String STORE_TYPE = "dataproduct.storeType";
  static final String ON_NON_CONFORMING = "dataproduct.onNonConforming";
  static final String POLICIES = "dataproduct.accessPolicies";

  private final DataContract contract;
  private final String port;
  private final String storeType;
  private final Map<String, Object> server;
  private final List<AccessPolicy> accessPolicies;
  private final Action onNonConforming;

  private ContractDocument(DataContract contract, String port, String storeType,
      Map<String, Object> server, List<AccessPolicy> accessPolicies, Action onNonConforming) {
    this.contract = Objects.requireNonNull(contract, "contract");
    this.port = port;
    this.storeType = storeType;
    this.server = Collections.unmodifiableMap(new LinkedHashMap<>(server));
    this.accessPolicies = List.copyOf(accessPolicies);
    this.onNonConforming = onNonConforming;
  }

  /** The document's port parts, read from its root, around the contract read from it. */
  static ContractDocument read(DataContract contract, Node root,
      Map<String, BiPredicate<Row, dev.dataproduct.Principal>> rowFilters) {
    String port = null;
    Action onNonConforming = null;
    List<AccessPolicy> policies = List.of();
    List<Node> custom = root.array("customProperties");
    for (int i = 0; i < custom.size(); i++) {
      Node cp = custom.get(i);
      String key = cp.requireString("property", "a custom property");
      Object value = Node.toJava(cp.json().get("value"));
      if (PORT.equals(key)) {
        port = String.valueOf(value);
      } else if (ON_NON_CONFORMING.equals(key)) {
        try {
          onNonConforming = Action.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw cp.fail("value", "expected quarantine or fail, found '" + value + "'");
        }
      } else if (POLICIES.equals(key)) {
        policies = PolicyCodec.read(value, root.source(), cp.path("value"), rowFilters);
      }
    }
    Map<String, Object> server = new LinkedHashMap<>();
    String storeType = null;
    List<Node> servers = root.array("servers");
    if (!servers.isEmpty()) {
      Node s = servers.get(0);
      s.json().properties().forEach(e -> {
        if (!e.getKey().equals("server") && !e.getKey().equals("customProperties")) {
          server.put(e.getKey(), Node.toJava(e.getValue()));
        }
      });
      for (Node cp : s.array("customProperties")) {
        if (STORE_TYPE.equals(cp.string("property").orElse(null))) {
          storeType = String.valueOf(Node.toJava(cp.json().get("value")));
        }
      }
    }
    return new ContractDocument(contract, port, storeType, server, policies, onNonConforming);
  }

  /** The contract. */
  public DataContract contract() {
    return contract;
  }

  /** The output port the document describes ({@code dataproduct.port}), if it names one. */
  public Optional<String> port() {
    return Optional.ofNullable(port);
  }

  /** The port's storage type ({@code dataproduct.storeType} of the server): jdbc, s3, memory. */
  public Optional<String> storeType() {
    return Optional.ofNullable(storeType);
  }

  /**
   * Where the data lives, as the properties of the document's (first) ODCS server: {@code type}
   * and the properties of that type ({@code location}, {@code format}; {@code host}, {@code
   * database}, {@code schema}, ...); empty when the document has no server.
   */
  public Map<String, Object> server() {
    return server;
  }

  /**
   * The port's access policies ({@code dataproduct.accessPolicies}: its own, then its product's),
   * masks and row filters included; a row filter over a Java predicate comes back bound when
   * the reader was given it ({@link DataContracts.Reader#bindRowFilter}), else as one that shows
   * no row.
   */
  public List<AccessPolicy> accessPolicies() {
    return accessPolicies;
  }

  /** What the port does with non-conforming rows ({@code dataproduct.onNonConforming}). */
  public Optional<Action> onNonConforming() {
    return Optional.ofNullable(onNonConforming);
  }

  /**
   * The document as ODCS v3.1.0 YAML: the bytes {@code DataContracts.toYaml(port)} wrote for
   * the port this document was read from.
   */
  public String toYaml() {
    if (port == null) {
      return DataContracts.toYaml(contract);
    }
    Map<String, Object> s = new LinkedHashMap<>(server);
    s.putIfAbsent("type", "custom");
    return Yaml.write(OdcsWriter.write(contract, new OdcsWriter.PortContext(port,
        storeType == null ? "custom" : storeType, s, accessPolicies,
        onNonConforming == null ? Action.QUARANTINE : onNonConforming, null)));
  }

  @Override
  public String toString() {
    return "ContractDocument{" + contract.id() + " " + contract.version()
        + (port == null ? "" : ", port " + port) + "}";
  }
}
