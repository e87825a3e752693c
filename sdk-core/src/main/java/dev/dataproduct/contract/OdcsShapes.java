package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structure of an ODCS v3.1.0 document (which also covers v3.0.x), checked the way the
 * official JSON Schema checks it: known properties only, required properties, types and
 * enumerations, type-dependent server and logical-type options, quality operators. The SDK's
 * compile dependencies exclude a JSON Schema library, so these rules are written out here; the
 * tests check them against the official schema.
 *
 * <p>Why one class of this size: it is one table, the official schema's definitions written out
 * side by side, so that a reviewer can compare them with the JSON Schema definition by definition;
 * the schema objects and their properties are {@link OdcsSchemaShapes}'s.
 */
final class OdcsShapes {
  static final Set<String> ROOT = Set.of("version", "kind", "apiVersion", "id", "name", "tenant",
      "tags", "status", "servers", "dataProduct", "description", "domain", "schema", "support",
      "price", "team", "roles", "slaDefaultElement", "slaProperties", "authoritativeDefinitions",
      "customProperties", "contractCreatedTs");
  private static final Set<String> ELEMENT = Set.of("id", "name", "physicalType", "description",
      "businessName", "authoritativeDefinitions", "tags", "customProperties");
  static final Set<String> OBJECT = union(ELEMENT, Set.of("logicalType", "physicalName",
      "dataGranularityDescription", "properties", "relationships", "quality"));
  static final Set<String> PROPERTY = union(ELEMENT, Set.of("primaryKey", "primaryKeyPosition",
      "logicalType", "logicalTypeOptions", "physicalType", "physicalName", "required", "unique",
      "partitioned", "partitionKeyPosition", "classification", "encryptedName",
      "transformSourceObjects", "transformLogic", "transformDescription", "examples",
      "criticalDataElement", "relationships", "quality"));
  static final Set<String> LOGICAL_TYPES = Set.of("string", "date", "timestamp", "time", "number",
      "integer", "object", "array", "boolean");
  private static final Set<String> QUALITY = Set.of("id", "authoritativeDefinitions",
      "businessImpact", "customProperties", "description", "dimension", "method", "name",
      "schedule", "scheduler", "severity", "tags", "type", "unit");
  private static final Set<String> OPERATORS = Set.of("mustBe", "mustNotBe", "mustBeGreaterThan",
      "mustBeGreaterOrEqualTo", "mustBeLessThan", "mustBeLessOrEqualTo", "mustBeBetween",
      "mustNotBeBetween");
  private static final Set<String> METRICS = Set.of("nullValues", "missingValues",
      "invalidValues", "duplicateValues", "rowCount");
  private static final Set<String> DIMENSIONS = Set.of("accuracy", "completeness", "conformity",
      "consistency", "coverage", "timeliness", "uniqueness");
  private static final Set<String> QUALITY_TYPES = Set.of("text", "library", "sql", "custom");
  private static final Pattern STABLE_ID = Pattern.compile("^[A-Za-z0-9_-]+$");
  private static final Pattern SHORT_REF =
      Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern FULL_REF = Pattern.compile("^(?:(?:https?:\\/\\/)?"
      + "[A-Za-z0-9._\\-\\/]+\\.yaml#)?\\/?[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+"
      + "(?:\\/[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+)*$");

  /** Per server type: {allowed type-specific keys, required keys}. */
  private static final Map<String, List<Set<String>>> SERVERS = new LinkedHashMap<>();

  static {
    server("api", "location", "location");
    server("athena", "catalog regionName schema stagingDir", "stagingDir schema");
    server("azure", "delimiter format location", "location format");
    server("bigquery", "dataset project", "project dataset");
    server("clickhouse", "database host port", "host port database");
    server("databricks", "catalog host schema", "catalog schema");
    server("denodo", "database host port", "host port");
    server("dremio", "host port schema", "host port");
    server("duckdb", "database schema", "database");
    server("glue", "account database format location", "account database");
    server("cloudsql", "database host port schema", "host port database schema");
    server("db2", "database host port schema", "host port database");
    server("hive", "database host port", "host database");
    server("impala", "database host port", "host database");
    server("informix", "database host port", "host database");
    server("zen", "database host port", "host database");
    server("custom", "account catalog database dataset delimiter endpointUrl format host location"
        + " path port project region regionName schema serviceName stagingDir stream warehouse",
        "");
    server("kafka", "format host", "host");
    server("kinesis", "format region", "");
    server("local", "format path", "path format");
    server("mysql", "database host port", "host port database");
    server("oracle", "host port serviceName", "host port serviceName");
    server("postgresql", "database host port schema", "host port database schema");
    server("postgres", "database host port schema", "host port database schema");
    server("presto", "catalog host schema", "host");
    server("pubsub", "project", "project");
    server("redshift", "account database host region schema", "database schema");
    server("s3", "delimiter endpointUrl format location", "location");
    server("sftp", "delimiter format location", "location");
    server("snowflake", "account database host port schema warehouse", "account database schema");
    server("sqlserver", "database host port schema", "host database schema");
    server("synapse", "database host port", "host port database");
    server("trino", "catalog host port schema", "host port catalog schema");
    server("vertica", "database host port schema", "host port database schema");
  }

  private static void server(String type, String keys, String required) {
    SERVERS.put(type, List.of(words(keys), words(required)));
  }

  /** The words of {@code s}, in order (required properties are reported in schema order). */
  private static Set<String> words(String s) {
    return s.isBlank() ? Set.of()
        : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            List.of(s.trim().split("\\s+"))));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  private OdcsShapes() {}

  static void stableId(Node n, String key) {
    n.string(key).ifPresent(id -> {
      if (!STABLE_ID.matcher(id).matches()) {
        throw n.fail(key, "'" + id + "' is not a valid id; use letters, digits, _ and -");
      }
    });
  }

  static void tags(Node n, String key) {
    n.strings(key);
  }

  static void customProperties(Node n, String key) {
    for (Node cp : n.array(key)) {
      cp.requireObject("a custom property")
          .allowOnly(Set.of("id", "property", "value", "description"), "a custom property")
          .requirePresent("a custom property", "property", "value");
      cp.requireString("property", "a custom property");
      cp.string("description");
      stableId(cp, "id");
    }
  }

  static void authoritativeDefinitions(Node n, String key) {
    for (Node d : n.array(key)) {
      d.requireObject("an authoritative definition")
          .allowOnly(Set.of("id", "url", "type", "description"), "an authoritative definition")
          .require("an authoritative definition", "url", "type");
      d.string("url");
      d.string("type");
      d.string("description");
      stableId(d, "id");
    }
  }

  static void description(Node root) {
    root.object("description", "the description").ifPresent(d -> {
      d.string("usage");
      d.string("purpose");
      d.string("limitations");
      authoritativeDefinitions(d, "authoritativeDefinitions");
      customProperties(d, "customProperties");
    });
  }

  static void servers(Node root) {
    for (Node s : root.array("servers")) {
      s.requireObject("a server").require("a server", "server", "type");
      s.requireString("server", "a server");
      String type = s.requireString("type", "a server");
      List<Set<String>> shape = SERVERS.get(type);
      if (shape == null) {
        throw s.fail("type", "unknown server type '" + type + "'; expected one of "
            + SERVERS.keySet());
      }
      s.allowOnly(union(Set.of("id", "server", "type", "description", "environment", "roles",
          "customProperties"), shape.get(0)), "a server of type " + type);
      s.require("a server of type " + type, shape.get(1).toArray(new String[0]));
      for (String k : shape.get(0)) {
        if (k.equals("port")) {
          s.integer(k);
        } else {
          s.string(k);
        }
      }
      s.string("description");
      s.string("environment");
      stableId(s, "id");
      roles(s, "roles");
      customProperties(s, "customProperties");
    }
  }

  static void roles(Node n, String key) {
    for (Node r : n.array(key)) {
      r.requireObject("a role").allowOnly(Set.of("id", "role", "description", "access",
          "firstLevelApprovers", "secondLevelApprovers", "customProperties"), "a role")
          .require("a role", "role");
      for (String k : List.of("role", "description", "access", "firstLevelApprovers",
          "secondLevelApprovers")) {
        r.string(k);
      }
      stableId(r, "id");
      customProperties(r, "customProperties");
    }
  }

  static void support(Node root) {
    for (Node s : root.array("support")) {
      s.requireObject("a support channel").allowOnly(Set.of("id", "channel", "url",
          "description", "tool", "scope", "invitationUrl", "customProperties"),
          "a support channel").require("a support channel", "channel");
      for (String k : List.of("channel", "url", "description", "tool", "scope",
          "invitationUrl")) {
        s.string(k);
      }
      stableId(s, "id");
      customProperties(s, "customProperties");
    }
  }

  static void price(Node root) {
    root.object("price", "the price").ifPresent(p -> {
      p.allowOnly(Set.of("id", "priceAmount", "priceCurrency", "priceUnit"), "the price");
      p.number("priceAmount");
      p.string("priceCurrency");
      p.string("priceUnit");
      stableId(p, "id");
    });
  }

  static void team(Node root) {
    Node t = root.get("team");
    if (t.isMissing()) {
      return;
    }
    if (t.json().isArray()) {
      for (Node m : t.elements()) {
        member(m);
      }
      return;
    }
    t.requireObject("the team").allowOnly(Set.of("id", "name", "description", "members", "tags",
        "customProperties", "authoritativeDefinitions"), "the team");
    t.string("name");
    t.string("description");
    stableId(t, "id");
    tags(t, "tags");
    customProperties(t, "customProperties");
    authoritativeDefinitions(t, "authoritativeDefinitions");
    for (Node m : t.array("members")) {
      member(m);
    }
  }

  static void member(Node m) {
    m.requireObject("a team member").allowOnly(Set.of("id", "username", "name", "description",
        "role", "dateIn", "dateOut", "replacedByUsername", "tags", "customProperties",
        "authoritativeDefinitions"), "a team member").require("a team member", "username");
    for (String k : List.of("username", "name", "description", "role", "replacedByUsername")) {
      m.string(k);
    }
    for (String k : List.of("dateIn", "dateOut")) {
      m.string(k).ifPresent(d -> {
        try {
          java.time.LocalDate.parse(d);
        } catch (java.time.format.DateTimeParseException e) {
          throw m.fail(k, "expected a date such as 2024-01-31, found '" + d + "'");
        }
      });
    }
    stableId(m, "id");
    tags(m, "tags");
    customProperties(m, "customProperties");
    authoritativeDefinitions(m, "authoritativeDefinitions");
  }

  static void slaProperty(Node s) {
    s.requireObject("an SLA property").allowOnly(Set.of("id", "property", "value", "valueExt",
        "unit", "element", "driver", "description", "scheduler", "schedule"), "an SLA property")
        .requirePresent("an SLA property", "property", "value");
    s.requireString("property", "an SLA property");
    JsonNode v = s.json().get("value");
    if (v.isContainerNode()) {
      throw s.fail("value", "expected a string, number, boolean or null, found "
          + Node.describe(v));
    }
    if (s.json().has("valueExt") && s.json().get("valueExt").isContainerNode()) {
      throw s.fail("valueExt", "expected a string, number, boolean or null, found "
          + Node.describe(s.json().get("valueExt")));
    }
    for (String k : List.of("unit", "element", "driver", "description", "scheduler",
        "schedule")) {
      s.string(k);
    }
    stableId(s, "id");
  }

  /** Schema-level (from and to required) or property-level (to only) relationships. */
  static void relationships(Node n, boolean schemaLevel) {
    for (Node r : n.array("relationships")) {
      r.requireObject("a relationship")
          .allowOnly(Set.of("type", "from", "to", "customProperties"), "a relationship");
      r.string("type").ifPresent(t -> {
        if (!t.equals("foreignKey")) {
          throw r.fail("type", "unknown relationship type '" + t + "'; expected foreignKey");
        }
      });
      customProperties(r, "customProperties");
      if (schemaLevel) {
        r.require("a schema-level relationship", "from", "to");
        boolean fromList = r.get("from").json().isArray();
        boolean toList = r.get("to").json().isArray();
        if (fromList != toList) {
          throw r.fail("'from' and 'to' must both be strings or both be lists");
        }
        reference(r.get("from"));
      } else if (r.has("from")) {
        throw r.fail("from", "a property-level relationship must not declare 'from' (it is the"
            + " property itself)");
      }
      r.require("a relationship", "to");
      reference(r.get("to"));
    }
  }

  private static void reference(Node ref) {
    List<Node> refs = ref.json().isArray() ? ref.elements() : List.of(ref);
    if (refs.isEmpty()) {
      throw ref.fail("expected at least one reference");
    }
    for (Node x : refs) {
      if (!x.json().isTextual()) {
        throw x.fail("expected a reference such as table.column, found "
            + Node.describe(x.json()));
      }
      String s = x.json().textValue();
      if (!SHORT_REF.matcher(s).matches() && !FULL_REF.matcher(s).matches()) {
        throw x.fail("'" + s + "' is not a reference; expected table.column or"
            + " [file.yaml#]/object/name/property/name");
      }
    }
  }

  /** Checks a quality entry as the schema does: type, metric, operators, engine. */
  static void quality(Node q) {
    q.requireObject("a quality check");
    String type = q.string("type").orElse(null);
    if (type != null && !QUALITY_TYPES.contains(type)) {
      throw q.fail("type", "unknown quality type '" + type + "'; expected one of "
          + sorted(QUALITY_TYPES));
    }
    boolean library = "library".equals(type) || q.json().path("metric").isTextual();
    boolean sql = "sql".equals(type);
    boolean custom = "custom".equals(type);
    Set<String> allowed = new HashSet<>(QUALITY);
    if (library) {
      allowed.addAll(Set.of("metric", "rule", "arguments"));
      allowed.addAll(OPERATORS);
    }
    if (sql) {
      allowed.add("query");
      allowed.addAll(OPERATORS);
    }
    if (custom) {
      allowed.addAll(Set.of("engine", "implementation"));
    }
    q.allowOnly(allowed, "a quality check of type " + (type == null ? (library ? "library"
        : "text (the default without a metric)") : type));
    q.string("dimension").ifPresent(d -> {
      if (!DIMENSIONS.contains(d)) {
        throw q.fail("dimension", "unknown quality dimension '" + d + "'; expected one of "
            + sorted(DIMENSIONS));
      }
    });
    for (String k : List.of("businessImpact", "description", "method", "name", "schedule",
        "scheduler", "severity", "unit")) {
      q.string(k);
    }
    stableId(q, "id");
    tags(q, "tags");
    authoritativeDefinitions(q, "authoritativeDefinitions");
    customProperties(q, "customProperties");
    if (library) {
      q.require("a library quality check", "metric");
      String metric = q.requireString("metric", "a library quality check");
      if (!METRICS.contains(metric)) {
        throw q.fail("metric", "unknown quality metric '" + metric + "'; expected one of "
            + sorted(METRICS));
      }
      q.string("rule");
      q.object("arguments", "the check's arguments");
    }
    if (sql) {
      q.require("an SQL quality check", "query");
      q.requireString("query", "an SQL quality check");
    }
    if (library || sql) {
      operators(q);
    }
    if (custom) {
      q.require("a custom quality check", "engine", "implementation");
      q.requireString("engine", "a custom quality check");
      JsonNode impl = q.json().get("implementation");
      if (!impl.isTextual() && !impl.isObject()) {
        throw q.fail("implementation", "expected a string or a mapping, found "
            + Node.describe(impl));
      }
    }
  }

  private static void operators(Node q) {
    List<String> present = new java.util.ArrayList<>();
    for (String op : OPERATORS) {
      if (q.json().has(op)) {
        present.add(op);
      }
    }
    if (present.size() != 1) {
      throw q.fail((present.isEmpty() ? "missing the comparison operator" : "declares "
          + sorted(Set.copyOf(present)) + "; use exactly one operator") + " of " + sorted(OPERATORS));
    }
    String op = present.get(0);
    JsonNode v = q.json().get(op);
    if (op.endsWith("Between")) {
      if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
        throw q.fail(op, "expected a list of two numbers [low, high], found "
            + (v.isArray() ? "a list of " + v.size() : Node.describe(v)));
      }
      if (v.get(0).decimalValue().compareTo(v.get(1).decimalValue()) == 0) {
        throw q.fail(op, "the two bounds must differ; use mustBe for a single value");
      }
    } else if (!op.equals("mustBe") && !op.equals("mustNotBe") && !v.isNumber()) {
      throw q.fail(op, "expected a number, found " + Node.describe(v));
    }
  }

  /** Checks logicalTypeOptions against the options the logical type allows. */
  static void logicalTypeOptions(Node p, String logicalType) {
    Node o = p.get("logicalTypeOptions");
    if (o.isMissing()) {
      return;
    }
    o.requireObject("the logical type options");
    String what = "the options of logical type " + logicalType;
    switch (logicalType == null ? "" : logicalType) {
      case "string":
        o.allowOnly(Set.of("minLength", "maxLength", "pattern", "format"), what);
        nonNegative(o, "minLength");
        nonNegative(o, "maxLength");
        o.string("pattern");
        o.string("format");
        break;
      case "date":
        o.allowOnly(Set.of("format", "exclusiveMaximum", "maximum", "exclusiveMinimum",
            "minimum"), what);
        for (String k : List.of("format", "exclusiveMaximum", "maximum", "exclusiveMinimum",
            "minimum")) {
          o.string(k);
        }
        break;
      case "timestamp":
      case "time":
        o.allowOnly(Set.of("format", "exclusiveMaximum", "maximum", "exclusiveMinimum",
            "minimum", "timezone", "defaultTimezone"), what);
        for (String k : List.of("format", "exclusiveMaximum", "maximum", "exclusiveMinimum",
            "minimum", "defaultTimezone")) {
          o.string(k);
        }
        o.bool("timezone");
        break;
      case "integer":
      case "number":
        o.allowOnly(Set.of("multipleOf", "maximum", "exclusiveMaximum", "minimum",
            "exclusiveMinimum", "format"), what);
        for (String k : List.of("multipleOf", "maximum", "exclusiveMaximum", "minimum",
            "exclusiveMinimum")) {
          o.number(k);
        }
        o.number("multipleOf").ifPresent(m -> {
          if (m.signum() <= 0) {
            throw o.fail("multipleOf", "expected a number greater than 0, found "
                + m.toPlainString());
          }
        });
        Set<String> formats = logicalType.equals("integer")
            ? Set.of("i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128")
            : Set.of("f32", "f64");
        o.string("format").ifPresent(f -> {
          if (!formats.contains(f)) {
            throw o.fail("format", "unknown " + logicalType + " format '" + f
                + "'; expected one of " + sorted(formats));
          }
        });
        break;
      case "object": {
        o.allowOnly(Set.of("maxProperties", "minProperties", "required"), what);
        nonNegative(o, "maxProperties");
        nonNegative(o, "minProperties");
        if (o.has("required")) {
          List<String> req = o.strings("required");
          if (req.isEmpty() || new HashSet<>(req).size() != req.size()) {
            throw o.fail("required", "expected a non-empty list of distinct property names");
          }
        }
        break;
      }
      case "array":
        o.allowOnly(Set.of("maxItems", "minItems", "uniqueItems"), what);
        nonNegative(o, "maxItems");
        nonNegative(o, "minItems");
        o.bool("uniqueItems");
        break;
      case "boolean":
        break;
      default:
        if (o.json().size() > 0) {
          throw o.fail("logical type options need a logicalType");
        }
        break;
    }
  }

  private static void nonNegative(Node o, String key) {
    o.integer(key).ifPresent(v -> {
      if (v < 0) {
        throw o.fail(key, "expected an integer >= 0, found " + v);
      }
    });
  }

  private static String sorted(Set<String> s) {
    return new java.util.TreeSet<>(s).toString();
  }
}
