package dev.dataproduct.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.Classification;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.policy.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contract a publication was checked against, as stored in the publication log: id, version,
 * description, service levels, schema (every field attribute) and rules. Declarative rules round
 * trip exactly; custom rules keep their id, field, action, severity and description, and get a
 * predicate that refuses to run (a stored contract is for comparison, not enforcement).
 *
 * <p>Kept behind this one class so the stored form can become ODCS once the core reads and writes
 * it.
 */
final class ContractJson {
  static final String FORMAT = "dataproduct-jdbc-contract/1";

  private ContractJson() {}

  static String write(DataContract c) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("id", c.id());
    root.put("version", c.version().toString());
    c.description().ifPresent(d -> root.put("description", d));
    c.freshness().ifPresent(d -> root.put("freshness", d.toString()));
    c.retention().ifPresent(d -> root.put("retention", d.toString()));
    ArrayNode fields = root.putArray("fields");
    for (Field f : c.schema().fields()) {
      ObjectNode n = fields.addObject();
      n.put("name", f.name());
      n.put("type", f.type().logicalTypeName());
      n.put("required", f.isRequired());
      n.put("primaryKey", f.isPrimaryKey());
      n.put("unique", f.isUnique() && !f.isPrimaryKey());
      f.precision().ifPresent(p -> n.put("precision", p));
      f.scale().ifPresent(s -> n.put("scale", s));
      f.maxLength().ifPresent(m -> n.put("maxLength", m));
      n.put("classification", f.classification().odcsName());
      f.description().ifPresent(d -> n.put("description", d));
      f.term().ifPresent(t -> n.put("term", t));
    }
    ArrayNode rows = root.putArray("rowRules");
    for (RowRule r : c.rowRules()) {
      ObjectNode n = rows.addObject();
      common(n, r.id(), r.action(), r.severity(), r.description().orElse(null));
      n.put("kind", r.kind().name());
      r.field().ifPresent(f -> n.put("field", f));
      if (r.min() != null) {
        n.set("min", typed(r.min()));
      }
      if (r.max() != null) {
        n.set("max", typed(r.max()));
      }
      if (r.pattern() != null) {
        n.put("pattern", r.pattern());
      }
      if (r.allowedValues() != null) {
        ArrayNode values = n.putArray("allowedValues");
        r.allowedValues().forEach(v -> values.add(typed(v)));
      }
    }
    ArrayNode sets = root.putArray("datasetRules");
    for (DatasetRule r : c.datasetRules()) {
      ObjectNode n = sets.addObject();
      common(n, r.id(), r.action(), r.severity(), r.description().orElse(null));
      n.put("kind", r.kind().name());
      if (r.min() != null) {
        n.put("min", r.min());
      }
      if (r.max() != null) {
        n.put("max", r.max());
      }
    }
    if (!c.customProperties().isEmpty()) {
      root.set("customProperties", Json.MAPPER.valueToTree(c.customProperties()));
    }
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Contract '" + c.id() + "' cannot be serialised", e);
    }
  }

  private static void common(ObjectNode n, String id, Action action, Severity severity,
      String description) {
    n.put("id", id);
    n.put("action", action.name());
    n.put("severity", severity.name());
    if (description != null) {
      n.put("description", description);
    }
  }

  private static ObjectNode typed(Object v) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    String type;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      type = "integer";
    } else if (v instanceof BigDecimal) {
      type = "decimal";
      v = ((BigDecimal) v).toPlainString();
    } else if (v instanceof Double || v instanceof Float) {
      type = "double";
    } else if (v instanceof Instant) {
      type = "timestamp";
    } else if (v instanceof LocalDate) {
      type = "date";
    } else if (v instanceof Boolean) {
      type = "boolean";
    } else {
      type = "string";
    }
    n.put("type", type);
    n.put("value", String.valueOf(v));
    return n;
  }

  private static Object untyped(JsonNode n) {
    String v = n.get("value").asText();
    switch (n.get("type").asText()) {
      case "integer":
        BigInteger b = new BigInteger(v);
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
      case "decimal":
        return new BigDecimal(v);
      case "double":
        return Double.valueOf(v);
      case "timestamp":
        return Instant.parse(v);
      case "date":
        return LocalDate.parse(v);
      case "boolean":
        return Boolean.valueOf(v);
      default:
        return v;
    }
  }

  /**
   * Reads a contract written by {@link #write}.
   *
   * @param source where the text comes from, for the message
   * @throws DataProductException naming the source and the problem when it cannot be read
   */
  static DataContract read(String text, String source) {
    try {
      JsonNode root = Json.MAPPER.readTree(text);
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new IllegalArgumentException("unknown format '" + root.path("format").asText()
            + "', expected " + FORMAT);
      }
      List<Field> fields = new ArrayList<>();
      for (JsonNode n : root.get("fields")) {
        FieldType type = FieldType.fromLogicalType(n.get("type").asText());
        String name = n.get("name").asText();
        Field f = n.get("required").asBoolean() ? Field.required(name, type)
            : Field.optional(name, type);
        if (n.get("primaryKey").asBoolean()) {
          f = f.asPrimaryKey();
        }
        if (n.get("unique").asBoolean()) {
          f = f.asUnique();
        }
        if (n.has("precision")) {
          f = f.withDecimal(n.get("precision").asInt(), n.get("scale").asInt());
        }
        if (n.has("maxLength")) {
          f = f.withMaxLength(n.get("maxLength").asInt());
        }
        f = f.withClassification(Classification.parse(n.get("classification").asText()));
        if (n.has("description")) {
          f = f.withDescription(n.get("description").asText());
        }
        if (n.has("term")) {
          f = f.withTerm(n.get("term").asText());
        }
        fields.add(f);
      }
      DataContract.Builder b = DataContract.builder(root.get("id").asText())
          .version(root.get("version").asText())
          .schema(Schema.of(fields));
      if (root.has("description")) {
        b.description(root.get("description").asText());
      }
      if (root.has("freshness")) {
        b.freshness(Duration.parse(root.get("freshness").asText()));
      }
      if (root.has("retention")) {
        b.retention(Duration.parse(root.get("retention").asText()));
      }
      for (JsonNode n : root.path("rowRules")) {
        b.rule(rowRule(n));
      }
      for (JsonNode n : root.path("datasetRules")) {
        b.rule(datasetRule(n));
      }
      if (root.has("customProperties")) {
        Map<?, ?> props = Json.MAPPER.treeToValue(root.get("customProperties"), Map.class);
        props.forEach((k, v) -> b.customProperty(String.valueOf(k), v));
      }
      return b.build();
    } catch (JsonProcessingException | RuntimeException e) {
      throw new DataProductException("The contract stored in " + source + " cannot be read: "
          + (e instanceof JsonProcessingException ? "invalid JSON" : e.getMessage()), e);
    }
  }

  private static RowRule rowRule(JsonNode n) {
    RowRule.Kind kind = RowRule.Kind.valueOf(n.get("kind").asText());
    String id = n.get("id").asText();
    String field = n.has("field") ? n.get("field").asText() : null;
    Object min = n.has("min") ? untyped(n.get("min")) : null;
    Object max = n.has("max") ? untyped(n.get("max")) : null;
    RowRule r;
    switch (kind) {
      case NOT_NULL:
        r = Rules.notNull(field);
        break;
      case UNIQUE:
        r = Rules.unique(field);
        break;
      case RANGE:
        r = Rules.range(field, min, max);
        break;
      case LENGTH:
        r = Rules.length(field, min == null ? null : ((Number) min).intValue(),
            max == null ? null : ((Number) max).intValue());
        break;
      case PATTERN:
        r = Rules.pattern(field, n.get("pattern").asText());
        break;
      case ALLOWED_VALUES:
        List<Object> values = new ArrayList<>();
        n.get("allowedValues").forEach(v -> values.add(untyped(v)));
        r = Rules.allowedValues(field, values.toArray());
        break;
      case NOT_IN_FUTURE:
        r = Rules.notInFuture(field);
        break;
      case CUSTOM:
      default:
        java.util.function.Predicate<dev.dataproduct.Row> refuse = row -> {
          throw new UnsupportedOperationException("Rule '" + id + "' was read from a stored"
              + " contract; its predicate is not stored");
        };
        r = field == null ? Rules.custom(id, refuse) : Rules.custom(id, field, refuse);
        break;
    }
    r = r.id(id).action(Action.valueOf(n.get("action").asText()))
        .severity(Severity.valueOf(n.get("severity").asText()));
    return n.has("description") ? r.description(n.get("description").asText()) : r;
  }

  private static DatasetRule datasetRule(JsonNode n) {
    String id = n.get("id").asText();
    DatasetRule r;
    if (DatasetRule.Kind.valueOf(n.get("kind").asText()) == DatasetRule.Kind.ROW_COUNT) {
      r = Rules.rowCount(n.has("min") ? n.get("min").asLong() : null,
          n.has("max") ? n.get("max").asLong() : null);
    } else {
      r = Rules.dataset(id, stats -> {
        throw new UnsupportedOperationException("Dataset rule '" + id + "' was read from a"
            + " stored contract; its predicate is not stored");
      }, n.has("description") ? n.get("description").asText() : null);
    }
    r = r.id(id).action(Action.valueOf(n.get("action").asText()))
        .severity(Severity.valueOf(n.get("severity").asText()));
    return n.has("description") ? r.description(n.get("description").asText()) : r;
  }
}
