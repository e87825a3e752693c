package dev.dataproduct.s3.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The contract stored in each manifest, so that {@code PublicationStore.contractOf} returns the
 * contract a publication was checked against. A small JSON form of {@link DataContract}: id,
 * version, description, schema (every field attribute), declarative rules with typed bounds,
 * freshness, retention and custom properties. The one place to swap for ODCS once the SDK reads
 * and writes it.
 *
 * <p>Custom rules (a Java predicate) are stored by id, field, action, severity and description;
 * the contract read back has a predicate that throws {@link UnsupportedOperationException}, as
 * the code is not stored with the data.
 */
public final class ContractCodec {
  private ContractCodec() {}

  /** Writes {@code c} as a JSON object. */
  public static void write(JsonGenerator g, DataContract c) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id());
    g.writeStringField("version", c.version().toString());
    if (c.description().isPresent()) {
      g.writeStringField("description", c.description().get());
    }
    g.writeArrayFieldStart("schema");
    for (Field f : c.schema().fields()) {
      writeField(g, f);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("rules");
    for (RowRule r : c.rowRules()) {
      writeRowRule(g, r);
    }
    for (DatasetRule r : c.datasetRules()) {
      writeDatasetRule(g, r);
    }
    g.writeEndArray();
    if (c.freshness().isPresent()) {
      g.writeStringField("freshness", c.freshness().get().toString());
    }
    if (c.retention().isPresent()) {
      g.writeStringField("retention", c.retention().get().toString());
    }
    if (!c.customProperties().isEmpty()) {
      g.writeFieldName("customProperties");
      JsonValues.write(g, c.customProperties());
    }
    g.writeEndObject();
  }

  private static void writeField(JsonGenerator g, Field f) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", f.name());
    g.writeStringField("logicalType", f.type().logicalTypeName());
    g.writeBooleanField("required", f.isRequired());
    if (f.isPrimaryKey()) {
      g.writeBooleanField("primaryKey", true);
    } else if (f.isUnique()) {
      g.writeBooleanField("unique", true);
    }
    if (f.precision().isPresent()) {
      g.writeNumberField("precision", f.precision().getAsInt());
      g.writeNumberField("scale", f.scale().getAsInt());
    }
    if (f.maxLength().isPresent()) {
      g.writeNumberField("maxLength", f.maxLength().getAsInt());
    }
    g.writeStringField("classification", f.classification().odcsName());
    if (f.description().isPresent()) {
      g.writeStringField("description", f.description().get());
    }
    if (f.term().isPresent()) {
      g.writeStringField("term", f.term().get());
    }
    g.writeEndObject();
  }

  private static void writeRowRule(JsonGenerator g, RowRule r) throws IOException {
    g.writeStartObject();
    g.writeStringField("scope", "row");
    g.writeStringField("id", r.id());
    g.writeStringField("kind", r.kind().name());
    if (r.field().isPresent()) {
      g.writeStringField("field", r.field().get());
    }
    writeCommon(g, r.action(), r.severity(), r.description().orElse(null));
    if (r.min() != null) {
      g.writeFieldName("min");
      writeTyped(g, r.min());
    }
    if (r.max() != null) {
      g.writeFieldName("max");
      writeTyped(g, r.max());
    }
    if (r.pattern() != null) {
      g.writeStringField("pattern", r.pattern());
    }
    if (r.allowedValues() != null) {
      g.writeArrayFieldStart("allowedValues");
      for (Object v : r.allowedValues()) {
        writeTyped(g, v);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeDatasetRule(JsonGenerator g, DatasetRule r) throws IOException {
    g.writeStartObject();
    g.writeStringField("scope", "dataset");
    g.writeStringField("id", r.id());
    g.writeStringField("kind", r.kind().name());
    writeCommon(g, r.action(), r.severity(), r.description().orElse(null));
    if (r.min() != null) {
      g.writeNumberField("min", r.min());
    }
    if (r.max() != null) {
      g.writeNumberField("max", r.max());
    }
    g.writeEndObject();
  }

  private static void writeCommon(JsonGenerator g, Action action, Severity severity,
      String description) throws IOException {
    g.writeStringField("action", action.name());
    g.writeStringField("severity", severity.name());
    if (description != null) {
      g.writeStringField("description", description);
    }
  }

  /** A rule bound or allowed value with its Java type, so it reads back equal. */
  private static void writeTyped(JsonGenerator g, Object v) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", typeOf(v));
    g.writeStringField("value", v instanceof BigDecimal ? ((BigDecimal) v).toString()
        : v.toString());
    g.writeEndObject();
  }

  private static String typeOf(Object v) {
    if (v instanceof Integer) {
      return "int";
    } else if (v instanceof Long) {
      return "long";
    } else if (v instanceof Short) {
      return "short";
    } else if (v instanceof Byte) {
      return "byte";
    } else if (v instanceof BigInteger) {
      return "biginteger";
    } else if (v instanceof BigDecimal) {
      return "decimal";
    } else if (v instanceof Double) {
      return "double";
    } else if (v instanceof Float) {
      return "float";
    } else if (v instanceof Boolean) {
      return "boolean";
    } else if (v instanceof Instant) {
      return "timestamp";
    } else if (v instanceof LocalDate) {
      return "date";
    }
    return "string";
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Reads a contract written by {@link #write}.
   *
   * @throws DataProductException naming {@code source} and the JSON path of the problem
   */
  public static DataContract read(JsonNode n, String source) {
    String at = "contract";
    try {
      DataContract.Builder b = DataContract.builder(text(n, "id", source, at))
          .version(text(n, "version", source, at));
      if (n.hasNonNull("description")) {
        b.description(n.get("description").asText());
      }
      List<Field> fields = new ArrayList<>();
      JsonNode schema = n.path("schema");
      for (int i = 0; i < schema.size(); i++) {
        fields.add(readField(schema.get(i), source, at + ".schema[" + i + "]"));
      }
      b.schema(Schema.of(fields));
      JsonNode rules = n.path("rules");
      for (int i = 0; i < rules.size(); i++) {
        JsonNode r = rules.get(i);
        String path = at + ".rules[" + i + "]";
        if ("dataset".equals(r.path("scope").asText())) {
          b.rule(readDatasetRule(r, source, path));
        } else {
          b.rule(readRowRule(r, source, path));
        }
      }
      if (n.hasNonNull("freshness")) {
        b.freshness(Duration.parse(n.get("freshness").asText()));
      }
      if (n.hasNonNull("retention")) {
        b.retention(Duration.parse(n.get("retention").asText()));
      }
      JsonNode props = n.path("customProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.customProperty(e.getKey(), plain(e.getValue()));
      }
      return b.build();
    } catch (DataProductException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataProductException(source + ": the stored contract is invalid: "
          + e.getMessage(), e);
    }
  }

  private static Field readField(JsonNode f, String source, String at) {
    String name = text(f, "name", source, at);
    FieldType type = FieldType.fromLogicalType(text(f, "logicalType", source, at));
    Field field = f.path("required").asBoolean(false) ? Field.required(name, type)
        : Field.optional(name, type);
    if (f.path("primaryKey").asBoolean(false)) {
      field = field.asPrimaryKey();
    }
    if (f.path("unique").asBoolean(false)) {
      field = field.asUnique();
    }
    if (f.hasNonNull("precision")) {
      field = field.withDecimal(f.get("precision").asInt(), f.path("scale").asInt(0));
    }
    if (f.hasNonNull("maxLength")) {
      field = field.withMaxLength(f.get("maxLength").asInt());
    }
    if (f.hasNonNull("classification")) {
      field = field.withClassification(Classification.parse(f.get("classification").asText()));
    }
    if (f.hasNonNull("description")) {
      field = field.withDescription(f.get("description").asText());
    }
    if (f.hasNonNull("term")) {
      field = field.withTerm(f.get("term").asText());
    }
    return field;
  }

  private static RowRule readRowRule(JsonNode r, String source, String at) {
    String id = text(r, "id", source, at);
    RowRule.Kind kind = RowRule.Kind.valueOf(text(r, "kind", source, at));
    String field = r.hasNonNull("field") ? r.get("field").asText() : null;
    RowRule rule;
    switch (kind) {
      case NOT_NULL:
        rule = Rules.notNull(field);
        break;
      case UNIQUE:
        rule = Rules.unique(field);
        break;
      case RANGE:
        rule = Rules.range(field, typed(r.get("min")), typed(r.get("max")));
        break;
      case LENGTH:
        rule = Rules.length(field, (Integer) typed(r.get("min")), (Integer) typed(r.get("max")));
        break;
      case PATTERN:
        rule = Rules.pattern(field, text(r, "pattern", source, at));
        break;
      case ALLOWED_VALUES: {
        List<Object> values = new ArrayList<>();
        r.path("allowedValues").forEach(v -> values.add(typed(v)));
        rule = Rules.allowedValues(field, values.toArray());
        break;
      }
      case NOT_IN_FUTURE:
        rule = Rules.notInFuture(field);
        break;
      case CUSTOM:
      default:
        String message = "The predicate of custom rule '" + id + "' is not stored with the"
            + " publication; only its id, field and action are";
        rule = field == null
            ? Rules.custom(id, row -> {
              throw new UnsupportedOperationException(message);
            })
            : Rules.custom(id, field, row -> {
              throw new UnsupportedOperationException(message);
            });
        break;
    }
    rule = rule.id(id).action(Action.valueOf(text(r, "action", source, at)))
        .severity(Severity.valueOf(text(r, "severity", source, at)));
    return r.hasNonNull("description") ? rule.description(r.get("description").asText()) : rule;
  }

  private static DatasetRule readDatasetRule(JsonNode r, String source, String at) {
    String id = text(r, "id", source, at);
    DatasetRule.Kind kind = DatasetRule.Kind.valueOf(text(r, "kind", source, at));
    String description = r.hasNonNull("description") ? r.get("description").asText() : null;
    DatasetRule rule;
    if (kind == DatasetRule.Kind.ROW_COUNT) {
      rule = Rules.rowCount(r.hasNonNull("min") ? r.get("min").asLong() : null,
          r.hasNonNull("max") ? r.get("max").asLong() : null);
      if (description != null) {
        rule = rule.description(description);
      }
    } else {
      String message = "The predicate of dataset rule '" + id + "' is not stored with the"
          + " publication; only its id and action are";
      rule = Rules.dataset(id, stats -> {
        throw new UnsupportedOperationException(message);
      }, description);
    }
    return rule.id(id).action(Action.valueOf(text(r, "action", source, at)))
        .severity(Severity.valueOf(text(r, "severity", source, at)));
  }

  private static Object typed(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    String v = n.path("value").asText();
    switch (n.path("type").asText()) {
      case "int":
        return Integer.valueOf(v);
      case "long":
        return Long.valueOf(v);
      case "short":
        return Short.valueOf(v);
      case "byte":
        return Byte.valueOf(v);
      case "biginteger":
        return new BigInteger(v);
      case "decimal":
        return new BigDecimal(v);
      case "double":
        return Double.valueOf(v);
      case "float":
        return Float.valueOf(v);
      case "boolean":
        return Boolean.valueOf(v);
      case "timestamp":
        return Instant.parse(v);
      case "date":
        return LocalDate.parse(v);
      default:
        return v;
    }
  }

  private static Object plain(JsonNode n) {
    try (JsonParser p = n.traverse()) {
      p.nextToken();
      return JsonValues.read(p);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read a custom property", e);
    }
  }

  static String text(JsonNode n, String field, String source, String at) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || !v.isValueNode()) {
      throw new DataProductException(source + ": " + at + "." + field + " is missing");
    }
    return v.asText();
  }
}
