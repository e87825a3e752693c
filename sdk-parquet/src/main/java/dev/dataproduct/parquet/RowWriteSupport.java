package dev.dataproduct.parquet;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.format.NestedJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows to Parquet's record consumer. The encoder has each row converted completely first
 * ({@link #prepare}), outside Parquet's writer, so a value Parquet cannot hold exactly is refused
 * before any of the row reached the file and the writer stays usable (parquet-java abandons a
 * file whose writer saw an exception).
 */
final class RowWriteSupport extends WriteSupport<Row> {
  private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

  private final Schema schema;
  private final MessageType type;
  private final Kind[] kinds;
  private final int[] scales;
  private final int[] precisions;
  private final int[] fixedLengths;
  private final Object[] converted;
  private final long[] longs;
  private RecordConsumer consumer;
  private Row prepared;

  private enum Kind { STRING, INT64, DECIMAL_INT32, DECIMAL_INT64, DECIMAL_FIXED, DOUBLE, BOOLEAN,
    DATE, TIMESTAMP, JSON }

  RowWriteSupport(Schema schema, MessageType type) {
    this.schema = schema;
    this.type = type;
    int n = schema.size();
    kinds = new Kind[n];
    scales = new int[n];
    precisions = new int[n];
    fixedLengths = new int[n];
    converted = new Object[n];
    longs = new long[n];
    for (int i = 0; i < n; i++) {
      Field f = schema.field(i);
      kinds[i] = kind(f);
      if (ParquetSchemas.isDecimal(f)) {
        scales[i] = f.scale().getAsInt();
        precisions[i] = ParquetSchemas.precision(f);
        fixedLengths[i] = ParquetSchemas.bytesFor(precisions[i]);
      }
    }
  }

  private static Kind kind(Field f) {
    switch (f.type()) {
      case STRING:
        return Kind.STRING;
      case INTEGER:
        return Kind.INT64;
      case NUMBER:
        if (!ParquetSchemas.isDecimal(f)) {
          return Kind.DOUBLE;
        }
        int p = ParquetSchemas.precision(f);
        return p <= 9 ? Kind.DECIMAL_INT32 : p <= 18 ? Kind.DECIMAL_INT64 : Kind.DECIMAL_FIXED;
      case BOOLEAN:
        return Kind.BOOLEAN;
      case DATE:
        return Kind.DATE;
      case TIMESTAMP:
        return Kind.TIMESTAMP;
      default:
        return Kind.JSON;
    }
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(type, Map.of("dataproduct.writer", "dataproduct-sdk"));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  /**
   * Converts the values of {@code row} for the next {@link #write}.
   *
   * @throws DataProductException naming the field when a value cannot be stored exactly
   */
  void prepare(Row row) {
    int n = kinds.length;
    if (row.size() != n) {
      throw new IllegalArgumentException("Row has " + row.size() + " values; the Parquet schema "
          + "has " + n + " columns " + schema.fieldNames());
    }
    try {
      for (int i = 0; i < n; i++) {
        converted[i] = convert(i, row.get(i));
      }
      prepared = row;
    } catch (RuntimeException e) {
      java.util.Arrays.fill(converted, null);
      prepared = null;
      throw e;
    }
  }

  /** Writes the row {@link #prepare} converted last. */
  @Override
  public void write(Row row) {
    if (row != prepared) {
      throw new IllegalStateException("write(row) without prepare(row)");
    }
    prepared = null;
    int n = kinds.length;
    consumer.startMessage();
    for (int i = 0; i < n; i++) {
      Object v = converted[i];
      if (v == null) {
        continue;
      }
      String name = schema.field(i).name();
      consumer.startField(name, i);
      switch (kinds[i]) {
        case INT64:
        case DECIMAL_INT64:
        case TIMESTAMP:
          consumer.addLong(longs[i]);
          break;
        case DECIMAL_INT32:
        case DATE:
          consumer.addInteger((int) longs[i]);
          break;
        case DOUBLE:
          consumer.addDouble((Double) v);
          break;
        case BOOLEAN:
          consumer.addBoolean((Boolean) v);
          break;
        default:
          consumer.addBinary((Binary) v);
      }
      consumer.endField(name, i);
      converted[i] = null;
    }
    consumer.endMessage();
  }

  /** The value to write (a marker for numbers kept in {@link #longs}), or null for no value. */
  private Object convert(int i, Object v) {
    if (v == null) {
      if (schema.field(i).isRequired()) {
        throw refused(i, "it is required but the row holds no value");
      }
      return null;
    }
    switch (kinds[i]) {
      case STRING:
        if (!(v instanceof String)) {
          throw typeMismatch(i, v);
        }
        return utf8((String) v);
      case INT64:
        if (!(v instanceof Long || v instanceof Integer || v instanceof Short
            || v instanceof Byte)) {
          throw typeMismatch(i, v);
        }
        longs[i] = ((Number) v).longValue();
        return Boolean.TRUE;
      case DECIMAL_INT32:
      case DECIMAL_INT64:
      case DECIMAL_FIXED:
        return decimal(i, v);
      case DOUBLE:
        return exactDouble(i, v);
      case BOOLEAN:
        if (!(v instanceof Boolean)) {
          throw typeMismatch(i, v);
        }
        return v;
      case DATE:
        if (!(v instanceof LocalDate)) {
          throw typeMismatch(i, v);
        }
        long day = ((LocalDate) v).toEpochDay();
        if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
          throw refused(i, "a Parquet DATE counts days since 1970-01-01 in 32 bits and this date"
              + " lies beyond that range");
        }
        longs[i] = day;
        return Boolean.TRUE;
      case TIMESTAMP:
        if (!(v instanceof Instant)) {
          throw typeMismatch(i, v);
        }
        longs[i] = micros(i, (Instant) v);
        return Boolean.TRUE;
      default:
        if (!(v instanceof Map || v instanceof java.util.List)) {
          throw typeMismatch(i, v);
        }
        return utf8(NestedJson.write(v));
    }
  }

  private long micros(int i, Instant t) {
    if (t.getNano() % 1000 != 0) {
      throw refused(i, "a Parquet TIMESTAMP holds microseconds and this value has a fraction of"
          + " a microsecond; truncate it in the transform (Instant.truncatedTo(ChronoUnit.MICROS))");
    }
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw refused(i, "a Parquet TIMESTAMP counts microseconds since 1970 in 64 bits and this"
          + " instant lies beyond that range");
    }
  }

  /**
   * Text as a byte-array-backed binary: {@code Binary.fromString} is backed by a {@code
   * ByteBuffer}, whose {@code equals} and {@code hashCode} (every dictionary look-up) and
   * comparisons (every min/max statistic) go byte by byte through the buffer.
   */
  private static Binary utf8(String s) {
    return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
  }

  private Object decimal(int i, Object v) {
    if (!(v instanceof BigDecimal)) {
      throw typeMismatch(i, v);
    }
    BigDecimal d;
    try {
      d = ((BigDecimal) v).setScale(scales[i]);
    } catch (ArithmeticException e) {
      throw refused(i, "it has more digits after the point than the declared scale "
          + scales[i]);
    }
    if (d.precision() > precisions[i] && d.signum() != 0) {
      throw refused(i, "it has more digits than the declared precision " + precisions[i]);
    }
    if (kinds[i] != Kind.DECIMAL_FIXED) {
      // at most 18 digits: the unscaled value as a long, without inflating it to a BigInteger
      longs[i] = d.scaleByPowerOfTen(scales[i]).longValueExact();
      return Boolean.TRUE;
    }
    BigInteger unscaled = d.unscaledValue();
    byte[] raw = unscaled.toByteArray();
    int len = fixedLengths[i];
    byte[] fixed = new byte[len];
    byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
    int off = len - raw.length;
    for (int k = 0; k < off; k++) {
      fixed[k] = pad;
    }
    System.arraycopy(raw, 0, fixed, off, raw.length);
    return Binary.fromConstantByteArray(fixed);
  }

  private Double exactDouble(int i, Object v) {
    if (v instanceof Double) {
      return (Double) v;
    }
    if (v instanceof Float) {
      return (double) (Float) v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long l = ((Number) v).longValue();
      if (Math.abs(l) > MAX_EXACT_DOUBLE_INTEGER) {
        throw refused(i, "a NUMBER without a declared scale is a Parquet DOUBLE, which holds"
            + " integers exactly up to 2^53 only; declare the field's precision and scale");
      }
      return (double) l;
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      double x = d.doubleValue();
      if (Double.isInfinite(x) || BigDecimal.valueOf(x).compareTo(d) != 0) {
        throw refused(i, "a NUMBER without a declared scale is a Parquet DOUBLE and this decimal"
            + " is not exactly a double; declare the field's precision and scale");
      }
      return x;
    }
    throw typeMismatch(i, v);
  }

  private DataProductException typeMismatch(int i, Object v) {
    return refused(i, "it holds a " + v.getClass().getSimpleName() + ", not the canonical Java"
        + " type of " + schema.field(i).type() + " (rows reach a format after schema conformance)");
  }

  /** Names the field and the reason, never the value (it may be classified). */
  private DataProductException refused(int i, String why) {
    return new DataProductException("Parquet cannot hold the value of field '"
        + schema.field(i).name() + "' exactly: " + why);
  }
}
