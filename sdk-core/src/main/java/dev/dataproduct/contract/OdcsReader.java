package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.SemanticVersion;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ODCS v3.0.0 to v3.1.0 documents into {@link DataContract}s, validating the whole
 * document first (see {@link OdcsShapes}).
 *
 * <p>What the model keeps: per schema object, its properties as fields (logical type, required,
 * unique, primary key, classification, description, max length, decimal precision and scale,
 * glossary term), its {@code physicalName}/{@code physicalType} and its properties' {@code
 * physicalType} as the contract's {@link PhysicalSchema}, the quality checks the SDK can
 * enforce as rules, {@code logicalTypeOptions} bounds as rules, the SLA properties {@code
 * latency} (or {@code freshness}), {@code frequency} and {@code retention}, the description's
 * purpose and the top-level custom properties. Checks the SDK
 * cannot enforce (SQL, text, other engines, non-zero thresholds, exclusive decimal bounds) are
 * kept in the custom property {@value #UNENFORCED} and logged; nested properties of object and
 * array fields, servers, team, roles, support and pricing are validated and not kept.
 */
final class OdcsReader {
  private static final Logger LOG = LoggerFactory.getLogger(OdcsReader.class);

  static final List<String> VERSIONS = List.of("v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0");
  static final String UNENFORCED = "dataproduct.unenforcedQuality";
  static final String TERM_URL_PREFIX = "urn:dataproduct:glossary:";
  static final String PRECISION = "dataproduct.precision";
  static final String SCALE = "dataproduct.scale";
  /** Port-level properties the writer adds; not part of the contract itself. */
  static final Set<String> PORT_PROPERTIES = Set.of("dataproduct.port", "dataproduct.storeType",
      "dataproduct.onNonConforming", "dataproduct.accessPolicies");
  private static final Pattern DECIMAL_TYPE =
      Pattern.compile("(?i)\\s*(?:decimal|numeric|number)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)\\s*");

  private final RuleCodec.Bindings bindings;

  OdcsReader(RuleCodec.Bindings bindings) {
    this.bindings = bindings;
  }

  /** A contract and the name of the schema object it was read from (null when none). */
  record Named(String object, DataContract contract) {}

  /**
   * One contract per schema object: the document's id when it has one object (or none, giving an
   * empty schema), {@code <id>/<object name>} when it has several.
   */
  List<Named> read(Node root) {
    root.requireObject("an ODCS data contract");
    Node kindNode = root.get("kind");
    root.string("apiVersion").ifPresent(v -> {
      if (!VERSIONS.contains(v)) {
        throw root.fail("apiVersion", "unsupported ODCS apiVersion '" + v
            + "'; this reader accepts " + VERSIONS);
      }
    });
    if (!kindNode.isMissing() && !"DataContract".equals(kindNode.json().asText())) {
      throw root.fail("kind", "expected kind 'DataContract', found "
          + Node.describe(kindNode.json()));
    }
    root.allowOnly(OdcsShapes.ROOT, "an ODCS data contract");
    root.require("an ODCS data contract", "version", "apiVersion", "kind", "id", "status");
    String id = root.requireString("id", "an ODCS data contract");
    if (id.isBlank()) {
      throw root.fail("id", "the contract id must not be blank");
    }
    String versionText = root.requireString("version", "an ODCS data contract");
    SemanticVersion version;
    try {
      version = SemanticVersion.parse(versionText);
    } catch (IllegalArgumentException e) {
      throw root.fail("version", e.getMessage());
    }
    for (String k : List.of("name", "tenant", "status", "dataProduct", "domain",
        "slaDefaultElement", "contractCreatedTs")) {
      root.string(k);
    }
    root.string("contractCreatedTs").ifPresent(ts -> {
      try {
        java.time.OffsetDateTime.parse(ts);
      } catch (DateTimeParseException e) {
        throw root.fail("contractCreatedTs", "expected a date-time such as"
            + " 2024-01-31T10:00:00Z, found '" + ts + "'");
      }
    });
    OdcsShapes.tags(root, "tags");
    OdcsShapes.description(root);
    OdcsShapes.servers(root);
    OdcsShapes.support(root);
    OdcsShapes.price(root);
    OdcsShapes.team(root);
    OdcsShapes.roles(root, "roles");
    OdcsShapes.authoritativeDefinitions(root, "authoritativeDefinitions");
    OdcsShapes.customProperties(root, "customProperties");

    String description = root.get("description").isMissing() ? null
        : root.get("description").string("purpose").orElse(null);
    Duration freshness = null;
    Duration frequency = null;
    Duration retention = null;
    Node freshnessAt = null;
    Node frequencyAt = null;
    Node retentionAt = null;
    for (Node sla : root.array("slaProperties")) {
      OdcsShapes.slaProperty(sla);
      String property = sla.requireString("property", "an SLA property").toLowerCase(Locale.ROOT);
      if (property.equals("latency") || property.equals("freshness")) {
        if (freshnessAt != null) {
          throw sla.fail("property", "freshness is declared twice (also at "
              + freshnessAt.path() + ")");
        }
        freshnessAt = sla;
        freshness = Durations.read(sla);
      } else if (property.equals("frequency")) {
        if (frequencyAt != null) {
          throw sla.fail("property", "frequency is declared twice (also at "
              + frequencyAt.path() + ")");
        }
        frequencyAt = sla;
        frequency = Durations.read(sla);
      } else if (property.equals("retention")) {
        if (retentionAt != null) {
          throw sla.fail("property", "retention is declared twice (also at "
              + retentionAt.path() + ")");
        }
        retentionAt = sla;
        retention = Durations.read(sla);
      }
    }
    Map<String, Object> custom = new LinkedHashMap<>();
    for (Node cp : root.array("customProperties")) {
      String key = cp.requireString("property", "a custom property");
      if (custom.containsKey(key)) {
        throw cp.fail("property", "custom property '" + key + "' is declared twice");
      }
      Object value = Node.toJava(cp.json().get("value"));
      if (value != null && !PORT_PROPERTIES.contains(key)) {
        custom.put(key, value);
      }
    }

    List<Node> objects = root.array("schema");
    List<Named> out = new ArrayList<>();
    Set<String> objectNames = new HashSet<>();
    for (Node o : objects) {
      String name = OdcsSchemaShapes.validateObject(o);
      if (!objectNames.add(name)) {
        throw o.fail("name", "schema object '" + name + "' is declared twice");
      }
    }
    if (objects.isEmpty()) {
      out.add(new Named(null,
          build(root, id, version, description, freshness, frequency, retention, custom, null)));
    }
    for (Node o : objects) {
      String name = o.requireString("name", "a schema object");
      String contractId = objects.size() == 1 ? id : id + "/" + name;
      out.add(new Named(name,
          build(root, contractId, version, description, freshness, frequency, retention,
              custom, o)));
    }
    return out;
  }

  private DataContract build(Node root, String id, SemanticVersion version, String description,
      Duration freshness, Duration frequency, Duration retention, Map<String, Object> custom,
      Node object) {
    List<Field> fields = new ArrayList<>();
    List<RuleCodec.Read> rules = new ArrayList<>();
    List<Object> unenforced = new ArrayList<>();
    Set<String> ruleIds = new HashSet<>();
    Map<String, String> seen = new LinkedHashMap<>();
    Map<String, String> columnTypes = new LinkedHashMap<>();
    if (object != null) {
      for (Node p : object.array("properties")) {
        String name = p.requireString("name", "a property");
        String previous = seen.put(name, p.path());
        if (previous != null) {
          throw p.fail("name", "duplicate property name '" + name + "' (also at " + previous
              + "); property names must be unique within a schema object");
        }
        Field field = field(p);
        fields.add(field);
        p.string("physicalType").filter(t -> !t.isBlank())
            .ifPresent(t -> columnTypes.put(name, t));
        LogicalTypeOptions.options(p, field, rules, unenforced, ruleIds);
        for (Node q : p.array("quality")) {
          Optional<RuleCodec.Read> r = RuleCodec.read(q, field, bindings, ruleIds);
          if (r.isPresent()) {
            rules.add(r.get());
          } else {
            unenforced.add(unenforced(q));
          }
        }
      }
      for (Node q : object.array("quality")) {
        Optional<RuleCodec.Read> r = RuleCodec.read(q, null, bindings, ruleIds);
        if (r.isPresent()) {
          rules.add(r.get());
        } else {
          unenforced.add(unenforced(q));
        }
      }
    }
    Node at = object != null ? object : root;
    DataContract.Builder b;
    try {
      b = DataContract.builder(id).version(version.toString()).schema(Schema.of(fields));
    } catch (IllegalArgumentException e) {
      throw at.fail(e.getMessage());
    }
    if (description != null) {
      b.description(description);
    }
    if (freshness != null) {
      b.freshness(freshness);
    }
    if (frequency != null) {
      b.frequency(frequency);
    }
    if (retention != null) {
      b.retention(retention);
    }
    custom.forEach(b::customProperty);
    physical(object, columnTypes).ifPresent(b::physical);
    if (!unenforced.isEmpty()) {
      b.customProperty(UNENFORCED, List.copyOf(unenforced));
      LOG.info("Contract '{}' ({}): {} quality checks cannot be enforced by the SDK and are kept"
          + " in custom property {}", id, root.source(), unenforced.size(), UNENFORCED);
    }
    rules.stream()
        .sorted(Comparator.comparingInt(r -> r.position() < 0 ? Integer.MAX_VALUE : r.position()))
        .map(RuleCodec.Read::rule)
        .forEach(b::rule);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw at.fail(e.getMessage());
    }
  }

  /** The object's physicalName/physicalType and its properties' physicalType, when any. */
  private static Optional<PhysicalSchema> physical(Node object, Map<String, String> columnTypes) {
    String name = object == null ? null
        : object.string("physicalName").filter(n -> !n.isBlank()).orElse(null);
    String type = object == null ? null
        : object.string("physicalType").filter(t -> !t.isBlank()).orElse(null);
    if (name == null && type == null && columnTypes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(PhysicalSchema.of(name, type, columnTypes));
  }

  private static Map<String, Object> unenforced(Node q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", q.path());
    m.put("check", Node.toJava(q.json()));
    return m;
  }

  private static Field field(Node p) {
    String name = p.requireString("name", "a property");
    String logical = p.string("logicalType").orElseThrow(() -> p.fail("logicalType",
        "missing logicalType of property '" + name + "'; the SDK needs one of "
            + new java.util.TreeSet<>(OdcsShapes.LOGICAL_TYPES)));
    FieldType type = logical.equals("time") ? FieldType.STRING
        : FieldType.fromLogicalType(logical);
    boolean primaryKey = p.bool("primaryKey").orElse(false);
    boolean required = p.bool("required").orElse(false);
    boolean unique = p.bool("unique").orElse(false);
    Field f;
    try {
      f = required || primaryKey ? Field.required(name, type) : Field.optional(name, type);
    } catch (IllegalArgumentException e) {
      throw p.fail("name", e.getMessage());
    }
    if (primaryKey) {
      f = f.asPrimaryKey();
    }
    if (unique) {
      f = f.asUnique();
    }
    Optional<String> classification = p.string("classification");
    if (classification.isPresent()) {
      try {
        f = f.withClassification(Classification.parse(classification.get()));
      } catch (IllegalArgumentException e) {
        throw p.fail("classification", e.getMessage());
      }
    }
    Optional<String> description = p.string("description");
    if (description.isPresent()) {
      f = f.withDescription(description.get());
    }
    Node options = p.get("logicalTypeOptions");
    if (type == FieldType.STRING && !logical.equals("time") && !options.isMissing()) {
      Optional<Long> maxLength = options.integer("maxLength");
      if (maxLength.isPresent()) {
        if (maxLength.get() < 1 || maxLength.get() > Integer.MAX_VALUE) {
          throw options.fail("maxLength", "expected a max length of at least 1, found "
              + maxLength.get());
        }
        f = f.withMaxLength(maxLength.get().intValue());
      }
    }
    if (type == FieldType.NUMBER) {
      f = decimal(p, f);
    }
    for (Node d : p.array("authoritativeDefinitions")) {
      String url = d.string("url").orElse("");
      if (url.startsWith(TERM_URL_PREFIX)) {
        f = f.withTerm(url.substring(TERM_URL_PREFIX.length()));
      }
    }
    return f;
  }

  /** Precision and scale: the SDK's custom properties, else a physicalType decimal(p, s). */
  private static Field decimal(Node p, Field f) {
    Integer precision = null;
    Integer scale = null;
    Node precisionAt = p;
    for (Node cp : p.array("customProperties")) {
      String key = cp.string("property").orElse("");
      if (key.equals(PRECISION) || key.equals(SCALE)) {
        JsonNode v = cp.json().get("value");
        if (!Node.isInteger(v)) {
          throw cp.fail("value", "expected an integer, found " + Node.describe(v));
        }
        int n = v.decimalValue().intValue();
        if (key.equals(PRECISION)) {
          precision = n;
          precisionAt = cp;
        } else {
          scale = n;
        }
      }
    }
    if (precision == null) {
      Matcher m = DECIMAL_TYPE.matcher(p.string("physicalType").orElse(""));
      if (m.matches()) {
        precision = Integer.valueOf(m.group(1));
        scale = m.group(2) == null ? 0 : Integer.valueOf(m.group(2));
      }
    }
    if (precision == null) {
      return f;
    }
    try {
      return f.withDecimal(precision, scale == null ? 0 : scale);
    } catch (IllegalArgumentException e) {
      throw precisionAt.fail(e.getMessage());
    }
  }
}
