package dev.dataproduct.s3.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProductException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of manifests and of the {@code _latest} pointer.
 *
 * <pre>{@code
 * {
 *   "manifestVersion": 1,
 *   "port": "revenue-lake", "publicationId": 7, "runId": "...",
 *   "product": "daily-revenue", "productVersion": "1.2.0",
 *   "committedAt": "2024-01-31T12:00:00.123Z",
 *   "format": "jsonl", "rows": 1000000, "bytes": 226000000,
 *   "contract": { "apiVersion": "v3.1.0", "kind": "DataContract", "id": "daily-revenue",
 *                 "version": "1.0.0", "schema": [ ... ], ... },     (the ODCS document)
 *   "files": [ { "path": "data/20240131T120000Z-3f2a9c1b77e0/part-00000.jsonl",
 *                "rows": 580000, "bytes": 134217800, "crc32c": "q3Zb1Q==", "etag": "\"...-16\"" } ]
 * }
 *
 * _latest: { "publicationId": 7, "manifest": "manifests/00000000000000000007.json",
 *            "committedAt": "2024-01-31T12:00:00.123Z" }
 * }</pre>
 */
final class ManifestCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper(Json.FACTORY);

  private ManifestCodec() {}

  /** The manifest as UTF-8 JSON. */
  public static byte[] write(Manifest m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("manifestVersion", Manifest.FORMAT_VERSION);
      g.writeStringField("port", m.port());
      g.writeNumberField("publicationId", m.id());
      g.writeStringField("runId", m.runId());
      g.writeStringField("product", m.product());
      g.writeStringField("productVersion", m.productVersion());
      g.writeStringField("committedAt", m.committedAt().toString());
      g.writeStringField("format", m.format());
      g.writeNumberField("rows", m.rows());
      g.writeNumberField("bytes", m.bytes());
      g.writeFieldName("contract");
      ContractCodec.write(g, m.contract());
      g.writeArrayFieldStart("files");
      for (DataFile f : m.files()) {
        g.writeStartObject();
        g.writeStringField("path", f.path());
        g.writeNumberField("rows", f.rows());
        g.writeNumberField("bytes", f.bytes());
        g.writeStringField("crc32c", f.crc32c());
        if (f.etag() != null) {
          g.writeStringField("etag", f.etag());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a manifest", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a manifest.
   *
   * @param source where it was read from, for messages
   * @throws DataProductException naming the source and the problem
   */
  public static Manifest read(byte[] json, String source) {
    JsonNode n = tree(json, source);
    int version = n.path("manifestVersion").asInt(-1);
    if (version < 1 || version > Manifest.FORMAT_VERSION) {
      throw new DataProductException(source + " has manifestVersion " + n.get("manifestVersion")
          + "; this SDK reads versions 1 to " + Manifest.FORMAT_VERSION
          + " (a newer SDK wrote it: upgrade the reader)");
    }
    try {
      List<DataFile> files = new ArrayList<>();
      JsonNode fs = n.path("files");
      for (int i = 0; i < fs.size(); i++) {
        JsonNode f = fs.get(i);
        String at = "files[" + i + "]";
        files.add(new DataFile(text(f, "path", source, at),
            number(f, "rows", source, at), number(f, "bytes", source, at),
            text(f, "crc32c", source, at),
            f.hasNonNull("etag") ? f.get("etag").asText() : null));
      }
      return new Manifest(text(n, "port", source, "manifest"),
          number(n, "publicationId", source, "manifest"),
          text(n, "runId", source, "manifest"),
          n.path("product").asText(""), n.path("productVersion").asText(""),
          Instant.parse(text(n, "committedAt", source, "manifest")),
          text(n, "format", source, "manifest"),
          number(n, "rows", source, "manifest"), number(n, "bytes", source, "manifest"),
          ContractCodec.read(n.path("contract"), source), files);
    } catch (DataProductException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataProductException(source + " is not a valid manifest: " + e.getMessage(), e);
    }
  }

  /** The pointer {@code _latest}: which publication is the newest. */
  public record Pointer(long id, String manifest, Instant committedAt) {}

  public static byte[] writePointer(Pointer p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("publicationId", p.id());
      g.writeStringField("manifest", p.manifest());
      g.writeStringField("committedAt", p.committedAt().toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode the pointer", e);
    }
    return out.toByteArray();
  }

  public static Pointer readPointer(byte[] json, String source) {
    JsonNode n = tree(json, source);
    try {
      return new Pointer(number(n, "publicationId", source, "pointer"),
          text(n, "manifest", source, "pointer"),
          Instant.parse(text(n, "committedAt", source, "pointer")));
    } catch (DataProductException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataProductException(source + " is not a valid pointer: " + e.getMessage(), e);
    }
  }

  private static JsonNode tree(byte[] json, String source) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new DataProductException(source + " is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new DataProductException(source + " is not valid JSON (" + Json.problem(e)
          + "); it was modified or truncated after it was written");
    }
  }

  private static String text(JsonNode n, String field, String source, String at) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || !v.isValueNode()) {
      throw new DataProductException(source + ": " + at + "." + field + " is missing");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, String source, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new DataProductException(source + ": " + at + "." + field
          + " is missing or not an integer");
    }
    return v.asLong();
  }
}
