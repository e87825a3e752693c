package dev.dataproduct.contract;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import dev.dataproduct.SemanticVersion;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.policy.RowRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an output port promises its consumers: a schema, the quality rules every row and every
 * publication is checked against, a semantic version, and service levels. Immutable.
 *
 * <pre>{@code
 * DataContract contract = DataContract.builder("daily-revenue")
 *     .version("1.0.0")
 *     .schema(Schema.of(
 *         Field.required("day", FieldType.DATE),
 *         Field.required("country", FieldType.STRING).withMaxLength(2),
 *         Field.required("revenue", FieldType.NUMBER).withDecimal(14, 2)))
 *     .rule(Rules.range("revenue", BigDecimal.ZERO, null))
 *     .rule(Rules.rowCount(1, null).action(Action.FAIL))
 *     .freshness(Duration.ofHours(24))
 *     .build();
 * }</pre>
 */
public final class DataContract {
  private final String id;
  private final SemanticVersion version;
  private final String description;
  private final Schema schema;
  private final List<RowRule> rowRules;
  private final List<DatasetRule> datasetRules;
  private final Duration freshness;
  private final Duration frequency;
  private final Duration retention;
  private final Map<String, Object> customProperties;
  private final PhysicalSchema physical;

  private DataContract(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.description = b.description;
    this.schema = b.schema;
    this.rowRules = List.copyOf(b.rowRules);
    this.datasetRules = List.copyOf(b.datasetRules);
    this.freshness = b.freshness;
    this.frequency = b.frequency;
    this.retention = b.retention;
    // declaration order, so documents are written the same way every time
    this.customProperties = java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(b.customProperties));
    this.physical = b.physical;
  }

  /** A builder for a contract with this id (unique within the product, e.g. the port name). */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A builder holding everything of this contract, to derive a changed one. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.version = version;
    b.description = description;
    b.schema = schema;
    b.rowRules.addAll(rowRules);
    b.datasetRules.addAll(datasetRules);
    b.freshness = freshness;
    b.frequency = frequency;
    b.retention = retention;
    b.customProperties.putAll(customProperties);
    b.physical = physical;
    return b;
  }

  public String id() {
    return id;
  }

  public SemanticVersion version() {
    return version;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public Schema schema() {
    return schema;
  }

  /** Rules checked on every row before it is published. */
  public List<RowRule> rowRules() {
    return rowRules;
  }

  /** Rules checked on each publication before it is committed. */
  public List<DatasetRule> datasetRules() {
    return datasetRules;
  }

  /** All rules, row rules first. */
  public List<Rule> rules() {
    List<Rule> all = new ArrayList<>(rowRules);
    all.addAll(datasetRules);
    return List.copyOf(all);
  }

  /** How old the latest publication may be before consumers should worry (ODCS {@code latency}). */
  public Optional<Duration> freshness() {
    return Optional.ofNullable(freshness);
  }

  /** How often a new publication is promised (ODCS {@code frequency}). */
  public Optional<Duration> frequency() {
    return Optional.ofNullable(frequency);
  }

  /**
   * The age the latest publication may reach before it is stale: {@link #freshness()} when
   * declared, else {@link #frequency()} (a product promised daily is stale after a day). The
   * runtime reports it as the gauge {@code dataproduct.freshness.objective} and counts a breach
   * when a run finds the latest publication older.
   */
  public Optional<Duration> freshnessObjective() {
    return freshness != null ? Optional.of(freshness) : Optional.ofNullable(frequency);
  }

  /** How long publications stay readable. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  /** Properties the standards cannot express, exported as ODCS {@code customProperties}. */
  public Map<String, Object> customProperties() {
    return customProperties;
  }

  /**
   * How the schema is stored, when the contract says (read from an ODCS document with {@code
   * physicalName}/{@code physicalType}, or declared with {@link Builder#physical}). A port's
   * document writes its store's physical schema in preference to this one.
   */
  public Optional<PhysicalSchema> physical() {
    return Optional.ofNullable(physical);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DataContract)) {
      return false;
    }
    DataContract c = (DataContract) o;
    return id.equals(c.id)
        && version.equals(c.version)
        && Objects.equals(description, c.description)
        && schema.equals(c.schema)
        && rowRules.equals(c.rowRules)
        && datasetRules.equals(c.datasetRules)
        && Objects.equals(freshness, c.freshness)
        && Objects.equals(frequency, c.frequency)
        && Objects.equals(retention, c.retention)
        && customProperties.equals(c.customProperties)
        && Objects.equals(physical, c.physical);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, schema, rowRules, datasetRules);
  }

  @Override
  public String toString() {
    return "DataContract{" + id + " " + version + ", fields=" + schema.fieldNames() + ", rules="
        + rules().stream().map(Rule::id).collect(Collectors.toList()) + "}";
  }

  /** Builds a {@link DataContract}. Defaults: version 1.0.0, no rules. */
  public static final class Builder {
    private final String id;
    private SemanticVersion version = new SemanticVersion(1, 0, 0, "", "");
    private String description;
    private Schema schema;
    private final List<RowRule> rowRules = new ArrayList<>();
    private final List<DatasetRule> datasetRules = new ArrayList<>();
    private Duration freshness;
    private Duration frequency;
    private Duration retention;
    private final Map<String, Object> customProperties = new LinkedHashMap<>();
    private PhysicalSchema physical;

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("Contract id must not be blank");
      }
      this.id = id;
    }

    /** The semantic version, validated. */
    public Builder version(String version) {
      this.version = SemanticVersion.parse(version);
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** Adds a row or dataset rule. Rule ids must be unique within the contract. */
    public Builder rule(Rule rule) {
      Objects.requireNonNull(rule, "rule");
      if (rule instanceof RowRule) {
        rowRules.add((RowRule) rule);
      } else if (rule instanceof DatasetRule) {
        datasetRules.add((DatasetRule) rule);
      } else {
        throw new IllegalArgumentException("Unsupported rule type " + rule.getClass().getName());
      }
      return this;
    }

    /** Adds rules, see {@link #rule}. */
    public Builder rules(List<? extends Rule> rules) {
      rules.forEach(this::rule);
      return this;
    }

    /** Drops every rule (to re-declare them when deriving a contract). */
    public Builder clearRules() {
      rowRules.clear();
      datasetRules.clear();
      return this;
    }

    /** How old the latest publication may be (ODCS {@code latency}); positive. */
    public Builder freshness(Duration freshness) {
      this.freshness = requirePositive(freshness, "freshness");
      return this;
    }

    /** How often a new publication is promised (ODCS {@code frequency}); positive. */
    public Builder frequency(Duration frequency) {
      this.frequency = requirePositive(frequency, "frequency");
      return this;
    }

    public Builder retention(Duration retention) {
      this.retention = requirePositive(retention, "retention");
      return this;
    }

    public Builder customProperty(String key, Object value) {
      customProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /** How the schema is stored (ODCS {@code physicalName}, {@code physicalType}). */
    public Builder physical(PhysicalSchema physical) {
      this.physical = Objects.requireNonNull(physical, "physical");
      return this;
    }

    /** Drops a custom property (the publication record when a contract is compared). */
    Builder removeCustomProperty(String key) {
      customProperties.remove(key);
      return this;
    }

    private static Duration requirePositive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    /**
     * The contract.
     *
     * @throws IllegalArgumentException when the schema is missing, a rule names a field the
     *     schema lacks, or two rules share an id
     */
    public DataContract build() {
      if (schema == null) {
        throw new IllegalArgumentException("Contract '" + id + "' has no schema");
      }
      List<String> ids = new ArrayList<>();
      for (Rule r : rules(rowRules, datasetRules)) {
        if (ids.contains(r.id())) {
          throw new IllegalArgumentException(
              "Contract '" + id + "' declares rule id '" + r.id() + "' twice");
        }
        ids.add(r.id());
      }
      if (physical != null) {
        for (String f : physical.columnTypes().keySet()) {
          if (!schema.contains(f)) {
            throw new IllegalArgumentException("Contract '" + id + "' gives a physical type to"
                + " field '" + f + "'; fields are " + schema.fieldNames());
          }
        }
      }
      for (RowRule r : rowRules) {
        r.field().ifPresent(f -> {
          if (!schema.contains(f)) {
            throw new IllegalArgumentException("Contract '" + id + "' rule '" + r.id()
                + "' names field '" + f + "'; fields are " + schema.fieldNames());
          }
        });
        try {
          r.checkFits(schema);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Contract '" + id + "': " + e.getMessage(), e);
        }
      }
      return new DataContract(this);
    }

    private static List<Rule> rules(List<RowRule> rows, List<DatasetRule> sets) {
      List<Rule> all = new ArrayList<>(rows);
      all.addAll(sets);
      return all;
    }
  }

  /** The field named {@code name}; convenience for {@code schema().field(name)}. */
  public Field field(String name) {
    return schema.field(name);
  }
}
