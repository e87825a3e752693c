package dev.dataproduct.kafka;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.ValueDomain;
import java.util.Optional;

/**
 * How a row becomes the value of a Kafka record and back. {@link #json()} is the built-in one; a
 * schema-registry format (Avro, Protobuf) implements the same interface. The port records {@link
 * #name()} with each publication, so a publication reads back with the format it was written in.
 *
 * <p>Implementations are immutable and thread-safe; encoders and decoders are used by one thread
 * at a time.
 */
public interface RecordFormat {

  /** A short, stable name recorded in the publication log: {@code json}. */
  String name();

  /** An encoder of rows of {@code schema}. */
  Encoder encoder(Schema schema);

  /**
   * A decoder of record values into rows of {@code schema}: values are mapped to fields by name,
   * absent fields are {@code null}, unknown ones skipped; a value that is not the field's
   * canonical encoding is kept as it came, so that schema conformance can quarantine it.
   */
  Decoder decoder(Schema schema);

  /**
   * The values this format keeps exactly (see {@link
   * dev.dataproduct.spi.PublicationStore#valueDomain()}): the port quarantines a row holding
   * another value before encoding it. The default is what UTF-8 text can hold; a format with
   * narrower limits (decimals JSON parsers refuse, a schema registry's types) declares them.
   */
  default ValueDomain valueDomain() {
    return ValueDomain.builder(toString()).build();
  }

  /**
   * How a record value stores {@code field}: the ODCS {@code physicalType} of the field in the
   * port's contract document. The default, empty, writes none.
   */
  default Optional<String> physicalType(Field field) {
    return Optional.empty();
  }

  /** JSON objects, one per record: the field names as keys, values as JSON Lines writes them. */
  static RecordFormat json() {
    return JsonRecordFormat.INSTANCE;
  }

  /** Encodes rows. Not thread-safe. */
  interface Encoder {
    /** The value bytes of one row (its values are the canonical Java types of the schema). */
    byte[] encode(Row row);
  }

  /** Decodes record values. Not thread-safe. */
  interface Decoder {
    /**
     * The row a record value holds.
     *
     * @throws MalformedValueException when the value cannot be read as a row at all; the message
     *     says why without quoting the data
     */
    Row decode(byte[] value);
  }

  /** A record value that is not a row at all (not JSON, not an object, no value). */
  final class MalformedValueException extends dev.dataproduct.DataProductException {
    private static final long serialVersionUID = 1L;

    public MalformedValueException(String message) {
      super(message);
    }
  }
}
