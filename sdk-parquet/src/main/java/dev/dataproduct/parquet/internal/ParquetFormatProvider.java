package dev.dataproduct.parquet.internal;

import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.parquet.ParquetFormats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Registers Parquet with {@link java.util.ServiceLoader} so that {@code Formats.parquet()} and
 * {@code Formats.byName("parquet")} of sdk-core find it (a provider on the class path needs a
 * public no-argument constructor). Not an API: use {@link ParquetFormats}.
 */
public final class ParquetFormatProvider implements FileFormat {
  private final FileFormat format = ParquetFormats.parquet();

  /** For {@link java.util.ServiceLoader} only. */
  public ParquetFormatProvider() {}

  /** The default Parquet format this provider stands for. */
  public FileFormat format() {
    return format;
  }

  @Override
  public String name() {
    return format.name();
  }

  @Override
  public String extension() {
    return format.extension();
  }

  @Override
  public String contentType() {
    return format.contentType();
  }

  @Override
  public Encoder encoder(Schema schema, OutputStream out) throws IOException {
    return format.encoder(schema, out);
  }

  @Override
  public Decoder decoder(Schema schema, InputStream in, String source) throws IOException {
    return format.decoder(schema, in, source);
  }

  @Override
  public dev.dataproduct.spi.ValueDomain valueDomain() {
    return format.valueDomain();
  }

  @Override
  public String toString() {
    return format.toString();
  }
}
