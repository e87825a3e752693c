package dev.dataproduct.parquet;

import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

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

  @Override
  public String toString() {
    return "parquet{" + compression.name().toLowerCase(Locale.ROOT) + ", row groups "
        + rowGroupBytes + " B}";
  }
}
