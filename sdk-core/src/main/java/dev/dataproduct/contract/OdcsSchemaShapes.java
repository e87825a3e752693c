package dev.dataproduct.contract;

import dev.dataproduct.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema objects of an ODCS document and their properties (recursively, through nested
 * properties and array items), validated as the official JSON Schema validates them, for {@link
 * OdcsReader}; the rest of the document is {@link OdcsShapes}'s.
 */
final class OdcsSchemaShapes {
  private OdcsSchemaShapes() {}

  static String validateObject(Node o) {
    o.requireObject("a schema object").allowOnly(OdcsShapes.OBJECT, "a schema object")
        .require("a schema object", "name");
    String name = o.requireString("name", "a schema object");
    o.string("logicalType").ifPresent(t -> {
      if (!t.equals("object")) {
        throw o.fail("logicalType", "a schema object's logicalType must be 'object', found '"
            + t + "'");
      }
    });
    for (String k : List.of("physicalType", "description", "businessName", "physicalName",
        "dataGranularityDescription")) {
      o.string(k);
    }
    OdcsShapes.stableId(o, "id");
    OdcsShapes.tags(o, "tags");
    OdcsShapes.authoritativeDefinitions(o, "authoritativeDefinitions");
    OdcsShapes.customProperties(o, "customProperties");
    OdcsShapes.relationships(o, true);
    for (Node q : o.array("quality")) {
      OdcsShapes.quality(q);
    }
    for (Node p : o.array("properties")) {
      validateProperty(p, false);
    }
    return name;
  }

  /** Validates a property (recursively, through nested properties and items). */
  static void validateProperty(Node p, boolean item) {
    String what = item ? "an array's items" : "a property";
    p.requireObject(what);
    String logicalType = p.string("logicalType").orElse(null);
    if (logicalType != null && !OdcsShapes.LOGICAL_TYPES.contains(logicalType)) {
      throw p.fail("logicalType", "unknown logicalType '" + logicalType + "'; expected one of "
          + new java.util.TreeSet<>(OdcsShapes.LOGICAL_TYPES));
    }
    Set<String> allowed = new HashSet<>(OdcsShapes.PROPERTY);
    if (logicalType == null || logicalType.equals("array")) {
      allowed.add("items");
    }
    if (item || logicalType == null || logicalType.equals("object")) {
      allowed.add("properties");
    }
    p.allowOnly(allowed, what + (logicalType == null ? "" : " of logicalType " + logicalType));
    if (!item) {
      p.require("a property", "name");
    }
    for (String k : List.of("name", "physicalType", "description", "businessName",
        "physicalName", "classification", "encryptedName", "transformLogic",
        "transformDescription")) {
      p.string(k);
    }
    for (String k : List.of("primaryKey", "required", "unique", "partitioned",
        "criticalDataElement")) {
      p.bool(k);
    }
    p.integer("primaryKeyPosition");
    p.integer("partitionKeyPosition");
    p.strings("transformSourceObjects");
    p.array("examples");
    OdcsShapes.stableId(p, "id");
    OdcsShapes.tags(p, "tags");
    OdcsShapes.authoritativeDefinitions(p, "authoritativeDefinitions");
    OdcsShapes.customProperties(p, "customProperties");
    OdcsShapes.relationships(p, false);
    OdcsShapes.logicalTypeOptions(p, logicalType);
    for (Node q : p.array("quality")) {
      OdcsShapes.quality(q);
    }
    for (Node nested : p.array("properties")) {
      validateProperty(nested, false);
    }
    p.object("items", "an array's items").ifPresent(i -> validateProperty(i, true));
  }
}
