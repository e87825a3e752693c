package dev.dataproduct.parquet;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.spi.ValueDomain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/** Parquet through parquet-java's writer and reader. See {@link ParquetFormats}. */
final class ParquetFormat implements FileFormat {
  static final String NAME = "parquet";

  private final ParquetFormats.Compression compression;
  private final long rowGroupBytes;
  private final int pageBytes;
  private final boolean dictionary;

  ParquetFormat(ParquetFormats.Compression compression, long rowGroupBytes, int pageBytes,
      boolean dictionary) {
    this.compression = compression;
    this.rowGroupBytes = rowGroupBytes;
    this.pageBytes = pageBytes;
    this.dictionary = dictionary;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String extension() {
    return ".parquet";
  }

  @Override
  public String contentType() {
    return "application/vnd.apache.parquet";
  }

  @Override
  public Encoder encoder(Schema schema, OutputStream out) throws IOException {
    return new ParquetEncoder(this, Objects.requireNonNull(schema, "schema"),
        Objects.requireNonNull(out, "out"));
  }

  @Override
  public Decoder decoder(Schema schema, InputStream in, String source) throws IOException {
    return ParquetDecoder.open(Objects.requireNonNull(schema, "schema"),
        Objects.requireNonNull(in, "in"), Objects.requireNonNull(source, "source"));
  }

  /**
   * What Parquet files keep exactly: DATE as 32-bit days since 1970-01-01, TIMESTAMP as 64-bit
   * microseconds since 1970 (a fraction of a microsecond is refused, not rounded), NUMBER without
   * a declared decimal as DOUBLE, text as UTF-8, and objects and arrays as the JSON text {@code
   * NestedJson} writes and reads (decimals in plain notation of at most 999 characters, as in
   * JSON Lines).
   */
  static final ValueDomain DOMAIN = ValueDomain.builder("Parquet")
      .epochDaysAndMicros()
      .doubleNumbers()
      .decimals(9_999, 9_999)
      .maxDecimalChars(999)
      .build();

  @Override
  public ValueDomain valueDomain() {
    return DOMAIN;
  }

  CompressionCodecName codec() {
    switch (compression) {
      case SNAPPY:
        return CompressionCodecName.SNAPPY;
      case GZIP:
        return CompressionCodecName.GZIP;
      case UNCOMPRESSED:
        return CompressionCodecName.UNCOMPRESSED;
      default:
        return CompressionCodecName.ZSTD;
    }
  }

  long rowGroupBytes() {
    return rowGroupBytes;
  }

  int pageBytes() {
    return pageBytes;
  }

  boolean dictionary() {
    return dictionary;
  }

  /**
   * The Parquet column type the encoder writes: the primitive type and its logical annotation,
   * e.g. {@code INT64}, {@code BINARY (STRING)}, {@code INT64 (DECIMAL(14,2))}.
   */
  @Override
  public Optional<String> physicalType(Field field) {
    PrimitiveType t = ParquetSchemas.column(field).asPrimitiveType();
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return Optional.of(t.getPrimitiveTypeName().name() + (a == null ? "" : " (" + a + ")"));
  }

  @Override
  public String toString() {
    return "parquet{" + compression.name().toLowerCase(Locale.ROOT) + ", row groups "
        + rowGroupBytes + " B}";
  }
}
