package dev.dataproduct.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.OutputPort;
import java.util.Locale;

/**
 * The OpenAPI 3.1 description of one output port's endpoint, derived from its contract: the row
 * schema (types, formats, nullability, descriptions, classification as {@code x-classification}),
 * the query parameters, the response headers and the 403/404 answers.
 */
final class OpenApiDocument {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenApiDocument() {}

  static String of(DataProduct product, OutputPort port, String basePath) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", product.name() + " / " + port.name());
    info.put("version", port.contract().version().toString());
    product.description().ifPresent(d -> info.put("description", d));
    ObjectNode get = doc.putObject("paths")
        .putObject(ApiPaths.join("/", basePath, product.name(), port.name()))
        .putObject("get");
    get.put("operationId", "read-" + product.name() + "-" + port.name());
    get.put("summary", "Streams a publication of '" + port.name() + "' as the caller may see it"
        + " (masks and row filters of the product's access policies applied)");
    ArrayNode params = get.putArray("parameters");
    param(params, "publication", "integer", "A publication id; the latest when absent");
    param(params, "contract-major", "integer",
        "The latest publication checked against this contract major version");
    ObjectNode formatParam = param(params, "format", "string", "jsonl (default) or csv");
    ((ObjectNode) formatParam.get("schema")).putArray("enum").add("jsonl").add("csv");
    params.addObject().put("name", "DataProduct-Purpose").put("in", "header")
        .put("description", "The purposes of the read, comma-separated")
        .putObject("schema").put("type", "string");

    ObjectNode row = doc.putObject("components").putObject("schemas").putObject("Row");
    row.put("type", "object");
    ObjectNode properties = row.putObject("properties");
    ArrayNode required = JSON.createArrayNode();
    for (Field f : port.contract().schema().fields()) {
      properties.set(f.name(), property(f));
      if (f.isRequired()) {
        required.add(f.name());
      }
    }
    if (!required.isEmpty()) {
      row.set("required", required);
    }

    ObjectNode responses = get.putObject("responses");
    ObjectNode ok = responses.putObject("200");
    ok.put("description", "The publication's rows, one per line (JSON Lines) or CSV with a header");
    ObjectNode headers = ok.putObject("headers");
    header(headers, DataProductApiController.PUBLICATION_ID, "integer", "The publication served");
    header(headers, DataProductApiController.CONTRACT_VERSION, "string",
        "The contract version the publication was checked against");
    header(headers, DataProductApiController.PUBLICATION_ROWS, "integer",
        "Rows in the publication, before the caller's row filters");
    ObjectNode content = ok.putObject("content");
    content.putObject("application/x-ndjson").putObject("schema")
        .put("$ref", "#/components/schemas/Row");
    content.putObject("text/csv").putObject("schema").put("type", "string");
    responses.putObject("403").put("description", "The access policies deny the caller");
    responses.putObject("404").put("description", "Unknown product, port or publication");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Writing the OpenAPI document failed", e);
    }
  }

  private static ObjectNode property(Field f) {
    ObjectNode p = JSON.createObjectNode();
    String type = switch (f.type()) {
      case STRING, DATE, TIMESTAMP -> "string";
      case INTEGER -> "integer";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case OBJECT -> "object";
      case ARRAY -> "array";
    };
    if (f.isRequired()) {
      p.put("type", type);
    } else {
      p.putArray("type").add(type).add("null");
    }
    switch (f.type()) {
      case DATE -> p.put("format", "date");
      case TIMESTAMP -> p.put("format", "date-time");
      case INTEGER -> p.put("format", "int64");
      default -> { }
    }
    f.maxLength().ifPresent(n -> p.put("maxLength", n));
    f.precision().ifPresent(n -> p.put("x-precision", n));
    f.scale().ifPresent(n -> p.put("x-scale", n));
    f.description().ifPresent(d -> p.put("description", d));
    p.put("x-classification", f.classification().name().toLowerCase(Locale.ROOT));
    return p;
  }

  private static ObjectNode param(ArrayNode params, String name, String type, String text) {
    ObjectNode p = params.addObject();
    p.put("name", name).put("in", "query").put("required", false).put("description", text);
    p.putObject("schema").put("type", type);
    return p;
  }

  private static void header(ObjectNode headers, String name, String type, String text) {
    ObjectNode h = headers.putObject(name);
    h.put("description", text);
    h.putObject("schema").put("type", type);
  }
}
