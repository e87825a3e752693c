package dev.dataproduct.format;

import java.util.Objects;
import java.util.Optional;

/**
 * The built-in {@link FileFormat}s.
 *
 * <pre>{@code
 * S3OutputPort.builder("revenue-lake").format(Formats.jsonLines())...   // the default
 * S3InputPort.files("raw-orders").format(Formats.csv())...
 * }</pre>
 */
public final class Formats {
  private Formats() {}

  /**
   * JSON Lines (one JSON object per line, UTF-8, {@code .jsonl}): field names as keys, {@code
   * null} for missing values, integers and decimals as exact JSON numbers (decimals never in
   * scientific notation), dates as {@code 2024-01-31}, timestamps as ISO-8601 UTC instants such as
   * {@code 2024-01-31T12:00:00.123Z}, objects and arrays as nested JSON. When reading, each line
   * is one record: a line that is not a single JSON object (invalid JSON, another value, more
   * after the object, an object pretty-printed over several lines, a line over 64 MiB) is a
   * {@link MalformedRecordException}, and the decoder goes on with the next line;
   * blank lines are skipped.
   */
  public static FileFormat jsonLines() {
    return JsonLinesFormat.INSTANCE;
  }

  /**
   * CSV as in RFC 4180 ({@code .csv}): a header line of field names, comma-separated fields,
   * CRLF line ends, fields quoted when they contain a comma, quote, CR or LF (quotes doubled).
   * An empty unquoted field is {@code null}; an empty string is written as {@code ""}. Values are
   * encoded as in {@link #jsonLines()}; objects and arrays as JSON text. When reading, columns are
   * matched to fields by the header's names and LF line ends are accepted too.
   */
  public static FileFormat csv() {
    return CsvFormat.INSTANCE;
  }

  /** The built-in format with this {@link FileFormat#name()}, if any. */
  public static Optional<FileFormat> byName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals(JsonLinesFormat.INSTANCE.name())) {
      return Optional.of(JsonLinesFormat.INSTANCE);
    }
    if (name.equals(CsvFormat.INSTANCE.name())) {
      return Optional.of(CsvFormat.INSTANCE);
    }
    return Optional.empty();
  }
}
