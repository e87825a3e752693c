package dev.dataproduct.format;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.ValueDomain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** JSON Lines through Jackson's streaming generator and parser. See {@code Formats.jsonLines()}. */
final class JsonLinesFormat implements FileFormat {
  public static final JsonLinesFormat INSTANCE = new JsonLinesFormat();

  private JsonLinesFormat() {}

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public String extension() {
    return ".jsonl";
  }

  @Override
  public String contentType() {
    return "application/x-ndjson";
  }

  @Override
  public Encoder encoder(Schema schema, OutputStream out) throws IOException {
    return new JsonLinesEncoder(schema, out);
  }

  @Override
  public Decoder decoder(Schema schema, InputStream in, String source) throws IOException {
    return new JsonLinesDecoder(schema, in, source);
  }

  /**
   * UTF-8 text, and decimals Jackson writes in plain notation (a scale within +-9999) and reads
   * back (numbers of at most 1000 characters, its default read constraint).
   */
  private static final ValueDomain DOMAIN = ValueDomain.builder("JSON Lines")
      .decimals(9_999, 9_999).maxDecimalChars(999).build();

  @Override
  public ValueDomain valueDomain() {
    return DOMAIN;
  }

  /**
   * The JSON type a value is written as: {@code string}, {@code integer}, {@code number} (plain
   * decimal notation), {@code boolean}, {@code string (ISO-8601 date)}, {@code string (ISO-8601
   * timestamp)}, {@code object}, {@code array}.
   */
  @Override
  public Optional<String> physicalType(Field field) {
    switch (field.type()) {
      case DATE:
        return Optional.of("string (ISO-8601 date)");
      case TIMESTAMP:
        return Optional.of("string (ISO-8601 timestamp)");
      default:
        return Optional.of(field.type().logicalTypeName());
    }
  }

  @Override
  public String toString() {
    return "JSON Lines";
  }
}
