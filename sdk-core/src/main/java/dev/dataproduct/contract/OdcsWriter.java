package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.RowRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a {@link DataContract} as an ODCS v3.1.0 document, optionally with what its output port
 * adds: the port's storage as a server and as the schema's {@code physicalName}/{@code
 * physicalType} (per property too), its access policies as roles (and in full as the custom
 * property {@code dataproduct.accessPolicies}), and its handling of non-conforming rows.
 */
final class OdcsWriter {
  static final String API_VERSION = "v3.1.0";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * What an output port adds to its contract's document.
   *
   * @param physical how the port's store keeps the schema, or null when it does not say
   */
  record PortContext(String port, String storeType, Map<String, Object> server,
      List<AccessPolicy> policies, Action onNonConforming, PhysicalSchema physical) {}

  private OdcsWriter() {}

  static ObjectNode write(DataContract c, PortContext port) {
    ObjectNode doc = F.objectNode();
    doc.put("apiVersion", API_VERSION);
    doc.put("kind", "DataContract");
    doc.put("id", c.id());
    doc.put("name", c.id());
    doc.put("version", c.version().toString());
    doc.put("status", "active");
    c.description().ifPresent(d -> doc.putObject("description").put("purpose", d));

    // the store's, else the contract's own (a contract read from a port's document)
    PhysicalSchema physical = port != null && port.physical() != null ? port.physical()
        : c.physical().orElse(null);
    ObjectNode object = doc.putArray("schema").addObject();
    object.put("name", c.id());
    if (physical != null) {
      physical.name().ifPresent(n -> object.put("physicalName", n));
      physical.type().ifPresent(t -> object.put("physicalType", t));
    }
    object.put("logicalType", "object");
    Map<String, ArrayNode> fieldQuality = new LinkedHashMap<>();
    ArrayNode objectQuality = F.arrayNode();
    int position = 0;
    for (RowRule r : c.rowRules()) {
      ObjectNode q = RuleWriter.write(r, position++);
      if (r.field().isPresent()) {
        fieldQuality.computeIfAbsent(r.field().get(), k -> F.arrayNode()).add(q);
      } else {
        objectQuality.add(q);
      }
    }
    for (DatasetRule r : c.datasetRules()) {
      objectQuality.add(RuleWriter.write(r, position++));
    }
    ArrayNode properties = object.putArray("properties");
    int pkPosition = 0;
    for (Field f : c.schema().fields()) {
      ObjectNode p = properties.addObject();
      p.put("name", f.name());
      p.put("logicalType", f.type().logicalTypeName());
      if (physical != null) {
        physical.columnType(f.name()).ifPresent(t -> p.put("physicalType", t));
      }
      if (f.maxLength().isPresent()) {
        p.putObject("logicalTypeOptions").put("maxLength", f.maxLength().getAsInt());
      }
      p.put("required", f.isRequired());
      if (f.isPrimaryKey()) {
        p.put("primaryKey", true);
        p.put("primaryKeyPosition", ++pkPosition);
        if (declaredUnique(f)) {
          p.put("unique", true);
        }
      } else if (f.isUnique()) {
        p.put("unique", true);
      }
      p.put("classification", f.classification().odcsName());
      f.description().ifPresent(d -> p.put("description", d));
      f.term().ifPresent(t -> p.putArray("authoritativeDefinitions").addObject()
          .put("type", "businessDefinition")
          .put("url", OdcsReader.TERM_URL_PREFIX + t)
          .put("description", "Glossary term " + t));
      if (f.type() == FieldType.NUMBER && f.precision().isPresent()) {
        ArrayNode cps = p.putArray("customProperties");
        cps.addObject().put("property", OdcsReader.PRECISION)
            .put("value", f.precision().getAsInt());
        cps.addObject().put("property", OdcsReader.SCALE).put("value", f.scale().orElse(0));
      }
      ArrayNode q = fieldQuality.get(f.name());
      if (q != null) {
        p.set("quality", q);
      }
    }
    if (!objectQuality.isEmpty()) {
      object.set("quality", objectQuality);
    }

    ArrayNode sla = F.arrayNode();
    c.freshness().ifPresent(d -> {
      ObjectNode s = sla.addObject().put("property", "latency");
      Durations.write(s, d);
      s.put("description", "Maximum age of the latest publication");
    });
    c.frequency().ifPresent(d -> {
      ObjectNode s = sla.addObject().put("property", "frequency");
      Durations.write(s, d);
      s.put("description", "How often a new publication is promised");
    });
    c.retention().ifPresent(d -> {
      ObjectNode s = sla.addObject().put("property", "retention");
      Durations.write(s, d);
      s.put("description", "How long publications stay readable");
    });
    if (!sla.isEmpty()) {
      doc.set("slaProperties", sla);
    }

    ArrayNode custom = F.arrayNode();
    c.customProperties().forEach((k, v) -> custom.addObject().put("property", k)
        .set("value", value(k, v)));
    if (port != null) {
      writePort(doc, custom, port);
    }
    if (!custom.isEmpty()) {
      doc.set("customProperties", custom);
    }
    return doc;
  }

  private static JsonNode value(String key, Object v) {
    try {
      return Yaml.MAPPER.valueToTree(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Custom property '" + key + "' has a value of type "
          + v.getClass().getName() + " that cannot be written as JSON", e);
    }
  }

  /**
   * Whether a primary-key field was also declared unique on its own ({@code asUnique()}); Field
   * keeps that flag but reports only {@code isUnique()}, which is true for every key field.
   */
  static boolean declaredUnique(Field f) {
    return f.isPrimaryKey() && !rebuild(f).equals(f);
  }

  /** The field as {@link OdcsReader} rebuilds it from a primary key without {@code unique}. */
  private static Field rebuild(Field f) {
    Field g = Field.required(f.name(), f.type()).asPrimaryKey()
        .withClassification(f.classification());
    if (f.description().isPresent()) {
      g = g.withDescription(f.description().get());
    }
    if (f.maxLength().isPresent()) {
      g = g.withMaxLength(f.maxLength().getAsInt());
    }
    if (f.precision().isPresent()) {
      g = g.withDecimal(f.precision().getAsInt(), f.scale().orElse(0));
    }
    if (f.term().isPresent()) {
      g = g.withTerm(f.term().get());
    }
    return g;
  }

  private static void writePort(ObjectNode doc, ArrayNode custom, PortContext port) {
    // sorted: adapters may hand an unordered map, documents must be written the same every time
    Map<String, Object> server = new java.util.TreeMap<>(port.server());
    String type = String.valueOf(server.getOrDefault("type", "custom"));
    server.remove("type");
    ObjectNode s = doc.putArray("servers").addObject();
    s.put("server", port.port());
    s.put("type", type);
    server.forEach((k, v) -> s.set(k, Yaml.MAPPER.valueToTree(v)));
    s.putArray("customProperties").addObject().put("property", "dataproduct.storeType")
        .put("value", port.storeType());

    ArrayNode roles = F.arrayNode();
    ArrayNode policies = F.arrayNode();
    for (AccessPolicy p : port.policies()) {
      boolean allow = p.effect() == AccessPolicy.Effect.ALLOW;
      for (String role : p.everyone() ? List.of("*") : new TreeSet<>(p.roles())) {
        ObjectNode r = roles.addObject().put("role", role).put("access", allow ? "read" : "none");
        r.put("description", describe(p));
      }
      policies.add(PolicyCodec.write(p));
    }
    if (!roles.isEmpty()) {
      doc.set("roles", roles);
    }
    custom.addObject().put("property", "dataproduct.port").put("value", port.port());
    custom.addObject().put("property", "dataproduct.onNonConforming")
        .put("value", port.onNonConforming().name().toLowerCase(Locale.ROOT));
    if (!policies.isEmpty()) {
      custom.addObject().put("property", "dataproduct.accessPolicies").set("value", policies);
    }
  }

  private static String describe(AccessPolicy p) {
    List<String> parts = new ArrayList<>();
    parts.add(p.effect() == AccessPolicy.Effect.ALLOW ? "may read" : "may not read");
    if (!p.purposes().isEmpty()) {
      parts.add("for purposes " + new TreeSet<>(p.purposes()));
    }
    if (!p.masks().isEmpty()) {
      parts.add("masked " + new TreeSet<>(p.masks().keySet()));
    }
    if (!p.unmasked().isEmpty()) {
      parts.add("unmasked " + new TreeSet<>(p.unmasked()));
    }
    if (!p.rowFilters().isEmpty()) {
      List<String> names = new ArrayList<>();
      p.rowFilters().forEach(f -> names.add(f.name()));
      parts.add("rows filtered by " + names);
    }
    return String.join(", ", parts);
  }
}
