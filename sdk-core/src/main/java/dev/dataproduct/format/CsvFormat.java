package dev.dataproduct.format;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** CSV as in RFC 4180. See {@code Formats.csv()}. */
final class CsvFormat implements FileFormat {
  public static final CsvFormat INSTANCE = new CsvFormat();

  private CsvFormat() {}

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String extension() {
    return ".csv";
  }

  @Override
  public String contentType() {
    return "text/csv; charset=utf-8";
  }

  @Override
  public Encoder encoder(Schema schema, OutputStream out) throws IOException {
    return new CsvEncoder(schema, out);
  }

  @Override
  public Decoder decoder(Schema schema, InputStream in, String source) throws IOException {
    return new CsvDecoder(schema, in, source);
  }

  /**
   * Text, as the value is written: {@code text}, {@code text (integer)}, {@code text (decimal)},
   * {@code text (boolean)}, {@code text (ISO-8601 date)}, {@code text (ISO-8601 timestamp)}, {@code
   * text (JSON)} for objects and arrays.
   */
  @Override
  public Optional<String> physicalType(Field field) {
    switch (field.type()) {
      case STRING:
        return Optional.of("text");
      case INTEGER:
        return Optional.of("text (integer)");
      case NUMBER:
        return Optional.of("text (decimal)");
      case BOOLEAN:
        return Optional.of("text (boolean)");
      case DATE:
        return Optional.of("text (ISO-8601 date)");
      case TIMESTAMP:
        return Optional.of("text (ISO-8601 timestamp)");
      default:
        return Optional.of("text (JSON)");
    }
  }

  @Override
  public String toString() {
    return "CSV";
  }
}
