package dev.dataproduct.parquet;

import dev.dataproduct.format.FileFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Apache Parquet as a {@link FileFormat}: columnar files that Spark, Trino, DuckDB, Athena and
 * Snowflake read with the contract's exact types.
 *
 * <pre>{@code
 * OutputPort lake = S3OutputPort.builder("revenue-lake")
 *     .client(s3).bucket("lake").prefix("sales/daily-revenue")
 *     .format(ParquetFormats.parquet())          // or Formats.parquet() with this module present
 *     .contract(contract)
 *     .build();
 * }</pre>
 *
 * <p>Types: STRING as {@code BINARY (STRING)}, INTEGER as {@code INT64}, NUMBER with a declared
 * precision and scale as {@code DECIMAL(p,s)} (INT32 up to 9 digits, INT64 up to 18, fixed-length
 * bytes beyond), NUMBER without as {@code DOUBLE}, BOOLEAN, DATE as {@code DATE (INT32)},
 * TIMESTAMP as {@code TIMESTAMP(MICROS, isAdjustedToUTC=true)}, OBJECT and ARRAY as {@code
 * BINARY (JSON)} (a contract declares no structure inside them, so there is none to map to
 * Parquet groups). Required fields are {@code REQUIRED} columns, the others {@code OPTIONAL}.
 *
 * <p>Values Parquet cannot hold exactly are refused, never rounded: a timestamp with a fraction
 * finer than a microsecond, a number without a declared scale that is not exactly a double, a
 * decimal with more digits than the field declares. The encoder fails with a {@link
 * dev.dataproduct.DataProductException} naming the field (never the value), so the publication
 * is aborted; truncate timestamps in the transform ({@code Instant.truncatedTo(MICROS)}) or
 * declare the decimal's precision and scale in the contract.
 *
 * <p>Defaults: zstd compression, dictionary encoding on, row groups of 64 MiB (big sequential
 * reads on object storage, and the writer's memory: about one row group per file being written),
 * pages of 1 MiB. A decoder needs random access to the footer at the end of the file: it copies
 * the stream it is handed into a temporary file (deleted on close) and reads one row group at a
 * time from there, so its memory is bounded by the row group size whatever the file size.
 */
public final class ParquetFormats {
  private static final FileFormat DEFAULT = builder().build();

  private ParquetFormats() {}

  /** Parquet with the defaults above. */
  public static FileFormat parquet() {
    return DEFAULT;
  }

  /** Parquet with other compression, row group or page sizes. */
  public static Builder builder() {
    return new Builder();
  }

  /** Compression codecs (all of them in the jars this module brings). */
  public enum Compression {
    /** The default: small files, fast to decode. */
    ZSTD,
    SNAPPY,
    GZIP,
    UNCOMPRESSED;
  }

  /** Settings of a Parquet format. */
  public static final class Builder {
    private Compression compression = Compression.ZSTD;
    private long rowGroupBytes = 64L * 1024 * 1024;
    private int pageBytes = 1024 * 1024;
    private boolean dictionary = true;

    private Builder() {}

    /** The compression codec (default {@link Compression#ZSTD}). */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The size a row group is flushed at, in bytes (default 64 MiB, at least 64 KiB). The writer
     * buffers about one row group per open file, so this bounds its memory.
     */
    public Builder rowGroupBytes(long bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException("rowGroupBytes must be at least 65536, was " + bytes);
      }
      this.rowGroupBytes = bytes;
      return this;
    }

    /** The page size in bytes (default 1 MiB, at least 4 KiB, at most the row group size). */
    public Builder pageBytes(int bytes) {
      if (bytes < 4 * 1024) {
        throw new IllegalArgumentException("pageBytes must be at least 4096, was " + bytes);
      }
      this.pageBytes = bytes;
      return this;
    }

    /** Dictionary encoding of columns with few distinct values (default on). */
    public Builder dictionary(boolean enabled) {
      this.dictionary = enabled;
      return this;
    }

    /** The format. */
    public FileFormat build() {
      if (pageBytes > rowGroupBytes) {
        throw new IllegalArgumentException("pageBytes (" + pageBytes + ") must not exceed"
            + " rowGroupBytes (" + rowGroupBytes + ")");
      }
      return new ParquetFormat(compression, rowGroupBytes, pageBytes, dictionary);
    }

    @Override
    public String toString() {
      return "ParquetFormats.Builder{" + compression.name().toLowerCase(Locale.ROOT) + "}";
    }
  }
}
