package dev.dataproduct.format;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * How rows become the bytes of a data file and back. {@link Formats} has the built-in ones (JSON
 * Lines, CSV); a columnar format such as Parquet implements the same interface in its own module.
 *
 * <pre>{@code
 * OutputPort lake = S3OutputPort.builder("orders-lake")
 *     .client(s3).bucket("lake").prefix("sales/orders")
 *     .format(Formats.csv())
 *     .contract(contract)
 *     .build();
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe; the encoders and decoders they create are used
 * by one thread at a time. The port records {@link #name()} in each manifest and reads a
 * publication back with the format of that name, so old publications stay readable after a port
 * switches format.
 */
public interface FileFormat {

  /** A short, stable name recorded in manifests: {@code jsonl}, {@code csv}. */
  String name();

  /** The file name extension including the dot: {@code .jsonl}, {@code .csv}. */
  String extension();

  /** The MIME type data files are stored with. */
  String contentType();

  /**
   * An encoder writing rows of {@code schema} to {@code out}. The encoder may buffer; it hands
   * every byte to {@code out} by {@link Encoder#finish()}, and never closes {@code out}.
   */
  Encoder encoder(Schema schema, OutputStream out) throws IOException;

  /**
   * A decoder reading rows from {@code in}, bound to {@code schema}: values are mapped to fields by
   * name, fields absent from the file are {@code null}, columns the schema lacks are skipped.
   *
   * <p>Decoders convert a value to the field's Java type when the file holds that type's canonical
   * encoding (ISO-8601 text for dates and timestamps, numbers for integer and number fields) and
   * keep any other value as it came, so that schema conformance can quarantine it with a reason
   * instead of losing it. A structurally broken file (malformed JSON, an unterminated CSV quote)
   * fails with a {@link dev.dataproduct.DataProductException} naming {@code source} and the line.
   *
   * @param source a name for messages, e.g. {@code s3://bucket/key}
   */
  Decoder decoder(Schema schema, InputStream in, String source) throws IOException;

  /**
   * The values this format's files keep exactly; the core quarantines rows holding others (see
   * {@link dev.dataproduct.spi.PublicationStore#valueDomain()}). The default is what UTF-8 text
   * can hold: no unpaired surrogates, finite numbers inside objects and arrays.
   */
  default dev.dataproduct.spi.ValueDomain valueDomain() {
    return dev.dataproduct.spi.ValueDomain.builder(toString()).build();
  }

  /**
   * How this format's files store {@code field}: the ODCS {@code physicalType} of the field in
   * a port's contract document (JSON Lines {@code number}, Parquet {@code INT64}). The default,
   * empty, writes none.
   */
  default Optional<String> physicalType(Field field) {
    return Optional.empty();
  }

  /** Writes rows to one data file. Not thread-safe. */
  interface Encoder {

    /** Encodes one row (values are the canonical Java types of the row's schema). */
    void write(Row row) throws IOException;

    /**
     * Bytes encoded but not yet handed to the output stream. The port rolls over to a new file
     * when the stream's size plus this reaches the configured maximum file size.
     */
    default long bufferedBytes() {
      return 0;
    }

    /** Writes any trailer (footer, index) and hands every remaining byte to the stream. */
    void finish() throws IOException;
  }

  /** Reads rows from one data file. Not thread-safe. */
  interface Decoder extends Closeable {

    /**
     * The next row, or {@code null} at the end of the file.
     *
     * @throws MalformedRecordException when one record cannot be read as a row but the decoder
     *     found where the next one starts: {@code next()} may be called again
     * @throws dev.dataproduct.DataProductException when the file is malformed beyond that,
     *     naming the source and line; the decoder cannot go on
     * @throws IOException when the stream fails
     */
    Row next() throws IOException;
  }
}
