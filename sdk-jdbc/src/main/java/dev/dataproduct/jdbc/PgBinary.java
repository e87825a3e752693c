package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL's binary {@code COPY} format: the header, one tuple per row (field count, then per
 * field a length and the value in the type's binary send format) and the trailer. Encoders are
 * chosen per column from its actual database type, so a {@code bigint} field written into an
 * {@code integer} column is encoded as int4 (with a range check).
 */
final class PgBinary {
  /** Signature, flags, header extension length. */
  static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
      0, 0, 0, 0, 0, 0, 0, 0};
  static final short TRAILER = -1;

  /** Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01 (UTC). */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;
  private static final long PG_EPOCH_DAYS = 10_957L;
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** The range the binary format and the server take (checked again here: a last line). */
  private static final LocalDate MIN_DATE = PostgresDialect.DOMAIN.minDate().orElseThrow();
  private static final LocalDate MAX_DATE = PostgresDialect.DOMAIN.maxDate().orElseThrow();
  private static final Instant MIN_INSTANT = PostgresDialect.DOMAIN.minInstant().orElseThrow();
  private static final Instant MAX_INSTANT = PostgresDialect.DOMAIN.maxInstant().orElseThrow();
  /** numeric's binary header: int16 weight (base-10000 digits), display scale up to 0x3FFF. */
  private static final int MAX_DSCALE = 0x3FFF;

  private PgBinary() {}

  /** Writes one non-null value: its int32 length, then its bytes. */
  @FunctionalInterface
  interface Encoder {
    void encode(Object value, Buffer out);
  }

  /**
   * The encoder of {@code field} into {@code column}, or {@code null} when the column's type has
   * no binary encoder here (the writer then uses {@code INSERT}).
   */
  static Encoder encoder(Field field, Column column) {
    String t = column.typeName();
    switch (field.type()) {
      case STRING:
        switch (t) {
          case "text":
          case "varchar":
          case "bpchar":
          case "name":
          case "json":
            return (v, b) -> b.putText((String) v);
          case "jsonb":
            return (v, b) -> b.putJsonb((String) v);
          case "uuid":
            return (v, b) -> uuid(field, (String) v, b);
          default:
            return null;
        }
      case INTEGER:
        switch (t) {
          case "int8":
            return (v, b) -> {
              b.putInt(8);
              b.putLong((Long) v);
            };
          case "int4":
            return (v, b) -> {
              long x = (Long) v;
              if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw outOfRange(field, column);
              }
              b.putInt(4);
              b.putInt((int) x);
            };
          case "int2":
            return (v, b) -> {
              long x = (Long) v;
              if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
                throw outOfRange(field, column);
              }
              b.putInt(2);
              b.putShort((short) x);
            };
          case "numeric":
            return (v, b) -> numeric(BigDecimal.valueOf((Long) v), b);
          default:
            return null;
        }
      case NUMBER:
        switch (t) {
          case "numeric":
            return (v, b) -> numeric(v instanceof BigDecimal ? (BigDecimal) v
                : BigDecimal.valueOf(((Number) v).doubleValue()), b);
          case "float8":
            return (v, b) -> {
              b.putInt(8);
              b.putLong(Double.doubleToLongBits(((Number) v).doubleValue()));
            };
          case "float4":
            return (v, b) -> {
              b.putInt(4);
              b.putInt(Float.floatToIntBits(((Number) v).floatValue()));
            };
          default:
            return null;
        }
      case BOOLEAN:
        return t.equals("bool") ? (v, b) -> {
          b.putInt(1);
          b.putByte((Boolean) v ? 1 : 0);
        } : null;
      case DATE:
        return t.equals("date") ? (v, b) -> {
          LocalDate d = (LocalDate) v;
          if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
            throw outOfRange(field, column); // the core quarantines these first
          }
          b.putInt(4);
          b.putInt((int) (d.toEpochDay() - PG_EPOCH_DAYS));
        } : null;
      case TIMESTAMP:
        return t.equals("timestamptz") || t.equals("timestamp") ? (v, b) -> {
          Instant x = (Instant) v;
          if (x.isBefore(MIN_INSTANT) || x.isAfter(MAX_INSTANT)) {
            throw outOfRange(field, column); // the core quarantines these first
          }
          if (x.getNano() % 1_000 != 0) {
            throw Binding.finerThanKept(field, column, ChronoUnit.MICROS); // and these
          }
          b.putInt(8);
          b.putLong(micros(x));
        } : null;
      case OBJECT:
      case ARRAY:
        switch (t) {
          case "jsonb":
            return (v, b) -> b.putJsonb(Json.write(v));
          case "json":
          case "text":
          case "varchar":
            return (v, b) -> b.putText(Json.write(v));
          default:
            return null;
        }
      default:
        return null;
    }
  }

  private static IllegalArgumentException outOfRange(Field field, Column column) {
    return new IllegalArgumentException("A value of field '" + field.name()
        + "' is out of the range of column type " + column.typeName());
  }

  private static void uuid(Field field, String s, Buffer b) {
    UUID u;
    try {
      u = UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      // the value itself stays out of the message: it may be classified
      throw new IllegalArgumentException("A value of field '" + field.name()
          + "' is not a UUID, which its uuid column requires");
    }
    b.putInt(16);
    b.putLong(u.getMostSignificantBits());
    b.putLong(u.getLeastSignificantBits());
  }

  /**
   * Microseconds since 2000-01-01 UTC of a timestamp with a whole number of microseconds (the
   * encoder refuses any other first, naming the field).
   *
   * @throws IllegalArgumentException for a fraction of a microsecond: never rounded
   */
  static long micros(Instant t) {
    int nanos = t.getNano();
    if (nanos % 1_000 != 0) {
      throw new IllegalArgumentException("A timestamp with a fraction of a microsecond");
    }
    return (t.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + nanos / 1_000;
  }

  /**
   * Writes a numeric: digit count, weight (of the first base-10000 digit), sign, display scale,
   * then the base-10000 digits, most significant first, without leading or trailing zero digits.
   */
  static void numeric(BigDecimal d, Buffer b) {
    int scale = d.scale();
    if (scale < 0) {
      d = d.setScale(0);
      scale = 0;
    }
    int sign = d.signum();
    if (sign == 0) {
      b.putInt(8);
      b.putShort((short) 0);
      b.putShort((short) 0);
      b.putShort((short) 0);
      b.putShort((short) scale);
      return;
    }
    short[] digits = new short[(d.precision() + scale) / 4 + 3];
    int n;
    int weight;
    if (d.precision() <= 18 && scale <= 14) {
      long u = Math.abs(d.unscaledValue().longValue());
      long intPart = u / POW10[scale];
      long frac = u % POW10[scale];
      int fracGroups = (scale + 3) / 4;
      long fracScaled = frac * POW10[fracGroups * 4 - scale];
      int intGroups = 0;
      for (long x = intPart; x > 0; x /= 10_000) {
        intGroups++;
      }
      n = 0;
      for (int k = intGroups - 1; k >= 0; k--) {
        digits[n++] = (short) ((intPart / pow10000(k)) % 10_000);
      }
      for (int k = fracGroups - 1; k >= 0; k--) {
        digits[n++] = (short) ((fracScaled / pow10000(k)) % 10_000);
      }
      weight = intGroups - 1;
    } else {
      String s = d.unscaledValue().abs().toString();
      int len = s.length();
      int intLen = Math.max(0, len - scale);
      String intDigits = intLen == 0 ? "" : s.substring(0, intLen);
      StringBuilder frac = new StringBuilder();
      for (int i = len; i < scale; i++) {
        frac.append('0');
      }
      frac.append(intLen == 0 ? s : s.substring(intLen));
      while (frac.length() % 4 != 0) {
        frac.append('0');
      }
      int pad = (4 - intDigits.length() % 4) % 4;
      String ip = "0".repeat(pad) + intDigits;
      int intGroups = ip.length() / 4;
      if (intGroups + frac.length() / 4 > digits.length) {
        digits = new short[intGroups + frac.length() / 4];
      }
      n = 0;
      for (int i = 0; i < ip.length(); i += 4) {
        digits[n++] = Short.parseShort(ip.substring(i, i + 4));
      }
      for (int i = 0; i < frac.length(); i += 4) {
        digits[n++] = Short.parseShort(frac.substring(i, i + 4));
      }
      weight = intGroups - 1;
    }
    int start = 0;
    while (start < n && digits[start] == 0) {
      start++;
      weight--;
    }
    int end = n;
    while (end > start && digits[end - 1] == 0) {
      end--;
    }
    int count = end - start;
    if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE || scale > MAX_DSCALE
        || count > 0xFFFF) {
      // would be stored as another number: the core quarantines these first
      throw new IllegalArgumentException("A numeric value with " + d.precision() + " digits and"
          + " scale " + scale + " is outside PostgreSQL's numeric range");
    }
    b.putInt(8 + 2 * count);
    b.putShort((short) count);
    b.putShort((short) weight);
    b.putShort((short) (sign < 0 ? 0x4000 : 0));
    b.putShort((short) scale);
    for (int i = start; i < end; i++) {
      b.putShort(digits[i]);
    }
  }

  private static long pow10000(int k) {
    return POW10[4 * k];
  }

  /** Encodes whole rows: a tuple per row, nulls as length -1. */
  static final class RowEncoder {
    private final Encoder[] encoders;
    private final int[] fieldIndex;
    private final Object constant;

    /**
     * @param encoders one per column written, in COPY column order
     * @param fieldIndex for each column, the index of its field in the rows, or -1 for the
     *     column that takes {@code constant} (the publication id)
     */
    RowEncoder(List<Encoder> encoders, int[] fieldIndex, Object constant) {
      this.encoders = encoders.toArray(new Encoder[0]);
      this.fieldIndex = fieldIndex.clone();
      this.constant = constant;
    }

    void encode(dev.dataproduct.Row row, Buffer out) {
      out.putShort((short) encoders.length);
      for (int i = 0; i < encoders.length; i++) {
        int f = fieldIndex[i];
        Object v = f >= 0 ? row.get(f) : constant;
        if (v == null) {
          out.putInt(-1);
        } else {
          encoders[i].encode(v, out);
        }
      }
    }
  }

  /** A growable big-endian byte buffer. Not thread-safe. */
  static final class Buffer {
    private static final VarHandle SHORT =
        MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    Buffer(int capacity) {
      buf = new byte[capacity];
    }

    int size() {
      return pos;
    }

    byte[] array() {
      return buf;
    }

    void reset() {
      pos = 0;
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void put(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
    }

    void putByte(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
    }

    void putShort(short v) {
      ensure(2);
      SHORT.set(buf, pos, v);
      pos += 2;
    }

    void putInt(int v) {
      ensure(4);
      INT.set(buf, pos, v);
      pos += 4;
    }

    void putLong(long v) {
      ensure(8);
      LONG.set(buf, pos, v);
      pos += 8;
    }

    /** The int32 byte length, then the UTF-8 bytes of {@code s}. */
    void putText(String s) {
      int n = s.length();
      ensure(4 + n);
      int lenAt = pos;
      pos += 4;
      int i = 0;
      byte[] b = buf;
      int p = pos;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          break;
        }
        b[p++] = (byte) c;
      }
      pos = p;
      if (i < n) {
        for (int k = i; k < n; k++) {
          char c = s.charAt(k);
          if (Character.isSurrogate(c) && (Character.isLowSurrogate(c) || k + 1 == n
              || !Character.isLowSurrogate(s.charAt(++k)))) {
            // getBytes would write '?': the core quarantines these first
            throw new IllegalArgumentException("A text value holds an unpaired UTF-16"
                + " surrogate, which has no UTF-8 encoding");
          }
        }
        byte[] rest = s.substring(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ensure(rest.length);
        System.arraycopy(rest, 0, buf, pos, rest.length);
        pos += rest.length;
      }
      INT.set(buf, lenAt, pos - lenAt - 4);
    }

    /** jsonb's binary format: version 1, then the text. */
    void putJsonb(String s) {
      int lenAt = pos;
      putText(s);
      // shift in the version byte: rewrite length + 1 and insert
      int len = pos - lenAt - 4;
      ensure(1);
      System.arraycopy(buf, lenAt + 4, buf, lenAt + 5, len);
      buf[lenAt + 4] = 1;
      pos++;
      INT.set(buf, lenAt, len + 1);
    }
  }
}
