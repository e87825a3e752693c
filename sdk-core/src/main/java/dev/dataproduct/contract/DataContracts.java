package dev.dataproduct.contract;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.DatasetStats;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data contracts as ODCS documents: written as ODCS v3.1.0 YAML, read from ODCS v3.0.0 to v3.1.0.
 * Reading a contract written by {@link #toYaml} gives back an equal contract (custom predicates
 * excepted, see below), so ports can be declared contract-first and stores can keep contracts as
 * text.
 *
 * <pre>{@code
 * // contract-first: the contract lives in a reviewed ODCS file
 * DataContract contract = DataContracts.read(Path.of("contracts/daily-revenue.odcs.yaml"));
 * OutputPort port = JdbcOutputPort.builder("daily-revenue").dataSource(ds).table("revenue")
 *     .contract(contract).build();
 *
 * // custom predicates cannot be written as YAML: re-bind them by rule id
 * DataContract withPredicates = DataContracts.reader()
 *     .bind("shipped-after-ordered", row -> ...)
 *     .read(Path.of("contracts/orders.odcs.yaml"));
 *
 * String yaml = DataContracts.toYaml(contract);   // validates against the ODCS 3.1.0 schema
 * }</pre>
 *
 * <p><b>Mapping.</b> Fields become schema properties (logicalType, required, unique, primaryKey,
 * classification, description, {@code logicalTypeOptions.maxLength}; decimal precision and scale
 * and glossary terms, which ODCS has no property for, as custom properties and authoritative
 * definitions). Rules become quality checks: NOT_NULL as {@code nullValues}, UNIQUE as {@code
 * duplicateValues}, ALLOWED_VALUES and PATTERN as {@code invalidValues}, ROW_COUNT as {@code
 * rowCount} (all with {@code mustBe 0} or the row-count bounds); RANGE, LENGTH, NOT_IN_FUTURE and
 * custom rules as {@code custom} checks of engine {@code dataproduct-sdk}. Each check also carries
 * the custom property {@code dataproduct.rule} with the rule's action, typed values and position,
 * so nothing is lost. Freshness is written as the SLA property {@code latency}, frequency as
 * {@code frequency}, retention as {@code retention}.
 *
 * <p><b>Custom predicates</b> (of {@code Rules.custom} and {@code Rules.dataset}) are Java code
 * and cannot be written. A contract read without a binding for such a rule keeps the rule with a
 * placeholder predicate; publishing through a port with such a contract fails before any data is
 * written, naming the rule ({@link #unboundRules}). Bind them with {@link Reader#bind} and {@link
 * Reader#bindDataset}.
 *
 * <p><b>Foreign documents.</b> Quality checks the SDK can enforce exactly are read as rules
 * ({@code nullValues}/{@code duplicateValues}/{@code invalidValues} with zero tolerance, {@code
 * rowCount} bounds, {@code logicalTypeOptions} bounds, lengths and patterns); the others (SQL,
 * text, other engines, percentages) are kept in the custom property {@code
 * dataproduct.unenforcedQuality} and logged. Logical type {@code time} is read as a string.
 * Nested properties of object and array fields, servers, team, roles, support and pricing are
 * validated, not kept.
 *
 * <p>Every malformed or invalid document fails with a {@link DescriptorException} naming the
 * file, the JSON path (such as {@code $.schema[0].properties[2].logicalType}) and what was
 * expected.
 */
public final class DataContracts {
  private static final Logger LOG = LoggerFactory.getLogger(DataContracts.class);

  private DataContracts() {}

  /** The contract as an ODCS v3.1.0 YAML document. */
  public static String toYaml(DataContract contract) {
    Objects.requireNonNull(contract, "contract");
    return Yaml.write(OdcsWriter.write(contract, null));
  }

  /**
   * The ODCS v3.1.0 document of an output port: its contract plus the port's storage as a
   * server and as the schema's {@code physicalName}/{@code physicalType} (per field too, see
   * {@link PhysicalSchema}), its access policies as roles (and in full in the custom property
   * {@code dataproduct.accessPolicies}) and its handling of non-conforming rows.
   */
  public static String toYaml(OutputPort port) {
    Objects.requireNonNull(port, "port");
    PublicationStore store = PortStorage.store(port);
    return Yaml.write(OdcsWriter.write(port.contract(), new OdcsWriter.PortContext(port.name(),
        port.type(), store.server(), port.accessPolicies(), port.onNonConforming(),
        physical(store, port.contract().schema()))));
  }

  /** What the store says of its physical schema; nothing when it cannot tell or fails. */
  private static PhysicalSchema physical(PublicationStore store, Schema schema) {
    try {
      return store.physicalSchema(schema).orElse(null);
    } catch (RuntimeException e) {
      LOG.debug("Could not describe the physical schema of {}", store, e);
      return null;
    }
  }

  /**
   * Reads the contract of an ODCS file with one schema object (or none).
   *
   * @throws DescriptorException when the file cannot be read, is not valid ODCS v3.0.0 to
   *     v3.1.0, or declares several schema objects (use {@link #readAll} or {@link
   *     Reader#object})
   */
  public static DataContract read(Path file) {
    return reader().read(file);
  }

  /** Reads the contract of an ODCS document; {@code source} names it in error messages. */
  public static DataContract read(InputStream in, String source) {
    return reader().read(in, source);
  }

  /** Reads the contract of an ODCS document held in a string (e.g. stored with a publication). */
  public static DataContract fromYaml(String yaml) {
    return reader().fromYaml(yaml, "contract text");
  }

  /** Reads one contract per schema object of an ODCS file (ids {@code <document id>/<object>}). */
  public static List<DataContract> readAll(Path file) {
    return reader().readAll(file);
  }

  /** A reader with options: predicate bindings, object selection. */
  public static Reader reader() {
    return new Reader();
  }

  /**
   * The ids of the custom rules of {@code contract} that were read from a descriptor without a
   * predicate; empty when every rule can be evaluated.
   */
  public static List<String> unboundRules(DataContract contract) {
    List<String> out = new ArrayList<>();
    for (Rule r : contract.rules()) {
      Object p = r instanceof RowRule ? ((RowRule) r).predicate()
          : ((DatasetRule) r).predicate();
      if (p instanceof RuleCodec.UnboundRowPredicate
          || p instanceof RuleCodec.UnboundDatasetPredicate) {
        out.add(r.id());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Reads ODCS documents with options. Not thread-safe while being configured; reading is.
   *
   * <pre>{@code
   * DataContract c = DataContracts.reader()
   *     .bind("shipped-after-ordered", row -> ...)
   *     .bindDataset("few-rejects", stats -> stats.quarantineRatio() < 0.01)
   *     .object("orders")
   *     .read(Path.of("orders.odcs.yaml"));
   * }</pre>
   */
  public static final class Reader {
    private final Map<String, Predicate<Row>> rows = new LinkedHashMap<>();
    private final Map<String, Predicate<DatasetStats>> datasets = new LinkedHashMap<>();
    private final Map<String, BiPredicate<Row, Principal>> rowFilters = new LinkedHashMap<>();
    private String object;

    private Reader() {}

    /** The predicate of the custom row rule {@code ruleId}. */
    public Reader bind(String ruleId, Predicate<Row> predicate) {
      rows.put(Objects.requireNonNull(ruleId, "ruleId"),
          Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /** The predicate of the custom dataset rule {@code ruleId}. */
    public Reader bindDataset(String ruleId, Predicate<DatasetStats> predicate) {
      datasets.put(Objects.requireNonNull(ruleId, "ruleId"),
          Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * The predicate of the access policies' row filter {@code name} (a filter over Java code,
     * written by name only), for {@link #readDocument}.
     */
    public Reader bindRowFilter(String name, BiPredicate<Row, Principal> predicate) {
      rowFilters.put(Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * Reads an output port's whole ODCS document: its contract (one schema object) and what the
     * port adds, its server, access policies and handling of non-conforming rows.
     *
     * @throws DescriptorException as {@link #read(Path)} does
     */
    public ContractDocument readDocument(Path file) {
      return document(Yaml.parse(file), file.toString());
    }

    /** See {@link #readDocument(Path)}; {@code source} names the document in messages. */
    public ContractDocument readDocument(InputStream in, String source) {
      return document(Yaml.parse(in, source), source);
    }

    private ContractDocument document(com.fasterxml.jackson.databind.JsonNode json,
        String source) {
      DataContract contract = one(contracts(json, source), source);
      return ContractDocument.read(contract, Node.root(source, json), rowFilters);
    }

    /** Reads the schema object named {@code name} of a document that declares several. */
    public Reader object(String name) {
      this.object = Objects.requireNonNull(name, "name");
      return this;
    }

    /** See {@link DataContracts#read(Path)}. */
    public DataContract read(Path file) {
      return one(contracts(Yaml.parse(file), file.toString()), file.toString());
    }

    /** See {@link DataContracts#read(InputStream, String)}. */
    public DataContract read(InputStream in, String source) {
      return one(contracts(Yaml.parse(in, source), source), source);
    }

    /** See {@link DataContracts#fromYaml}. */
    public DataContract fromYaml(String yaml, String source) {
      return one(contracts(Yaml.parse(yaml, source), source), source);
    }

    /** See {@link DataContracts#readAll}. */
    public List<DataContract> readAll(Path file) {
      List<DataContract> out = new ArrayList<>();
      contracts(Yaml.parse(file), file.toString()).forEach(n -> out.add(n.contract()));
      return List.copyOf(out);
    }

    private List<OdcsReader.Named> contracts(com.fasterxml.jackson.databind.JsonNode json,
        String source) {
      RuleCodec.Bindings b = new RuleCodec.Bindings() {
        @Override
        public Optional<Predicate<Row>> row(String id) {
          return Optional.ofNullable(rows.get(id));
        }

        @Override
        public Optional<Predicate<DatasetStats>> dataset(String id) {
          return Optional.ofNullable(datasets.get(id));
        }
      };
      return new OdcsReader(b).read(Node.root(source, json));
    }

    private DataContract one(List<OdcsReader.Named> all, String source) {
      if (object != null) {
        for (OdcsReader.Named c : all) {
          if (object.equals(c.object())) {
            return c.contract();
          }
        }
        throw new DescriptorException(source, "$.schema", "no schema object named '" + object
            + "'; objects are " + names(all));
      }
      if (all.size() != 1) {
        throw new DescriptorException(source, "$.schema", "the document declares "
            + all.size() + " schema objects " + names(all) + "; read one with"
            + " DataContracts.reader().object(name) or all with DataContracts.readAll");
      }
      return all.get(0).contract();
    }

    private static List<String> names(List<OdcsReader.Named> all) {
      List<String> out = new ArrayList<>();
      all.forEach(n -> out.add(n.object()));
      return out;
    }
  }
}
