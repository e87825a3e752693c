package dev.dataproduct.format;

import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The built-in {@link FileFormat}s, and those of optional modules found on the class path.
 *
 * <pre>{@code
 * S3OutputPort.builder("revenue-lake").format(Formats.jsonLines())...   // the default
 * S3InputPort.files("raw-orders").format(Formats.csv())...
 * S3OutputPort.builder("revenue-lake").format(Formats.parquet())...     // with sdk-parquet
 * }</pre>
 *
 * <p>A format of an optional module registers itself as a {@link ServiceLoader} provider of
 * {@link FileFormat} ({@code META-INF/services/dev.dataproduct.format.FileFormat}); {@link
 * #byName(String)} finds it, which is how a store reads back a publication in the format its
 * manifest names.
 */
public final class Formats {
  private static final String PARQUET = "parquet";

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

  /**
   * Apache Parquet with its defaults (zstd, dictionary encoding, 64 MiB row groups), from the
   * optional module {@code dev.dataproduct:sdk-parquet}, which carries the Parquet and Hadoop
   * client jars; {@code ParquetFormats} of that module has the settings.
   *
   * @throws IllegalStateException when sdk-parquet is not on the class path, saying to add it
   */
  public static FileFormat parquet() {
    return provided(PARQUET).orElseThrow(() -> new IllegalStateException("Formats.parquet()"
        + " needs the module dev.dataproduct:sdk-parquet on the class path (it brings the"
        + " Parquet and Hadoop client jars, so it is optional); add it as a dependency"));
  }

  /**
   * The format with this {@link FileFormat#name()}: a built-in one ({@code jsonl}, {@code csv})
   * or one an optional module on the class path provides ({@code parquet}).
   */
  public static Optional<FileFormat> byName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals(JsonLinesFormat.INSTANCE.name())) {
      return Optional.of(JsonLinesFormat.INSTANCE);
    }
    if (name.equals(CsvFormat.INSTANCE.name())) {
      return Optional.of(CsvFormat.INSTANCE);
    }
    return provided(name);
  }

  /** A format registered with {@link ServiceLoader} under this name. */
  private static Optional<FileFormat> provided(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      for (FileFormat f : ServiceLoader.load(FileFormat.class,
          loader != null ? loader : Formats.class.getClassLoader())) {
        if (name.equals(f.name())) {
          return Optional.of(f);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("A FileFormat provider on the class path cannot be"
          + " loaded: " + e.getMessage(), e);
    }
    return Optional.empty();
  }
}
