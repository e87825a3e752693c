package dev.dataproduct.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Encodes the key of a uniqueness rule to compact bytes, so that keys can be kept in a packed
 * in-memory set and written to sorted runs on disk ({@link KeyRun}). Two keys have the same
 * bytes exactly when they are equal as the in-heap check compared them: the encoding is
 * injective and self-delimiting (a composite key is its fields' encodings one after the other),
 * with a type tag per value, so a {@code Double} 1.0 and a {@code BigDecimal} 1 stay distinct as
 * they are in a {@code HashSet}. At the top level decimals compare by value ({@code 1.0} equals
 * {@code 1.00}); inside a map or a list they compare as {@link BigDecimal#equals} does. Maps and
 * sets are encoded with their entries sorted by their encoded bytes, so that equal maps encode
 * equally whatever their iteration order. Keys sort by unsigned byte order (longs in numeric
 * order), which is all the sorted runs need.
 *
 * <p>One encoder is reused for every key of a rule: {@link #reset()}, then {@link #value} per
 * field; {@link #bytes()} and {@link #length()} are valid until the next reset. Not thread-safe.
 */
final class KeyCodec {
  private static final byte NULL = 0;
  private static final byte LONG = 1;
  private static final byte INT = 2;
  private static final byte SHORT = 3;
  private static final byte BYTE = 4;
  private static final byte BIG_INTEGER = 5;
  private static final byte DOUBLE = 6;
  private static final byte FLOAT = 7;
  private static final byte DECIMAL = 8;
  private static final byte STRING = 9;
  private static final byte BOOLEAN = 10;
  private static final byte CHAR = 11;
  private static final byte DATE = 12;
  private static final byte INSTANT = 13;
  private static final byte DATE_TIME = 14;
  private static final byte TIME = 15;
  private static final byte UUID_ = 16;
  private static final byte LIST = 20;
  private static final byte MAP = 21;
  private static final byte SET = 22;

  /** A value the codec cannot encode so that equal values get equal bytes. */
  static final class UnencodableKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnencodableKeyException(Class<?> type) {
      super("values of " + type.getName() + " cannot be encoded as keys");
    }
  }

  private byte[] buf = new byte[64];
  private int len;

  /** Starts a new key. */
  KeyCodec reset() {
    len = 0;
    return this;
  }

  /** The encoded key so far (valid up to {@link #length()}). */
  byte[] bytes() {
    return buf;
  }

  int length() {
    return len;
  }

  /** A copy of the encoded key. */
  byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  /**
   * Appends a top-level field value of a key ({@code null} included); decimals by value.
   *
   * @throws UnencodableKeyException when {@code v} (or a value inside it) has a type the codec
   *     does not know
   */
  KeyCodec value(Object v) {
    if (v instanceof BigDecimal) {
      decimal(((BigDecimal) v).stripTrailingZeros());
    } else {
      any(v);
    }
    return this;
  }

  /** The 8 bytes of a long key, in numeric order when compared as unsigned bytes. */
  static void putLong(byte[] into, int at, long v) {
    long u = v ^ Long.MIN_VALUE;
    for (int i = 7; i >= 0; i--) {
      into[at + i] = (byte) u;
      u >>>= 8;
    }
  }

  /** The long whose key bytes start at {@code at} (see {@link #putLong}). */
  static long getLong(byte[] from, int at) {
    long u = 0;
    for (int i = 0; i < 8; i++) {
      u = (u << 8) | (from[at + i] & 0xFF);
    }
    return u ^ Long.MIN_VALUE;
  }

  /** A 64-bit hash of {@code len} bytes of {@code b} from {@code off} (for sets and filters). */
  static long hash(byte[] b, int off, int len) {
    long h = 0x9E3779B97F4A7C15L ^ len;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      h = mix(h ^ getRaw(b, i));
    }
    long tail = 0;
    for (; i < end; i++) {
      tail = (tail << 8) | (b[i] & 0xFF);
    }
    return mix(h ^ tail ^ ((long) len << 56));
  }

  /** The hash of a long key, equal to {@link #hash} of its 8 bytes. */
  static long hash(long v) {
    long h = 0x9E3779B97F4A7C15L ^ 8;
    h = mix(h ^ (v ^ Long.MIN_VALUE));
    return mix(h ^ (8L << 56));
  }

  private static long getRaw(byte[] b, int at) {
    long u = 0;
    for (int i = 0; i < 8; i++) {
      u = (u << 8) | (b[at + i] & 0xFF);
    }
    return u;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Compares two encoded keys as unsigned bytes. */
  static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
  }

  private void any(Object v) {
    if (v == null) {
      tag(NULL);
    } else if (v instanceof Long) {
      tag(LONG);
      ensure(8);
      putLong(buf, len, (Long) v);
      len += 8;
    } else if (v instanceof String) {
      string((String) v);
    } else if (v instanceof BigDecimal) {
      decimal((BigDecimal) v);
    } else if (v instanceof Double) {
      tag(DOUBLE);
      fixed(Double.doubleToLongBits((Double) v), 8);
    } else if (v instanceof Integer) {
      tag(INT);
      fixed((Integer) v, 4);
    } else if (v instanceof Boolean) {
      tag(BOOLEAN);
      put((Boolean) v ? 1 : 0);
    } else if (v instanceof LocalDate) {
      tag(DATE);
      fixed(((LocalDate) v).toEpochDay(), 8);
    } else if (v instanceof Instant) {
      Instant t = (Instant) v;
      tag(INSTANT);
      fixed(t.getEpochSecond(), 8);
      fixed(t.getNano(), 4);
    } else {
      other(v);
    }
  }

  private void other(Object v) {
    if (v instanceof Short) {
      tag(SHORT);
      fixed((Short) v, 2);
    } else if (v instanceof Byte) {
      tag(BYTE);
      put((Byte) v);
    } else if (v instanceof BigInteger) {
      tag(BIG_INTEGER);
      bytes(((BigInteger) v).toByteArray());
    } else if (v instanceof Float) {
      tag(FLOAT);
      fixed(Float.floatToIntBits((Float) v), 4);
    } else if (v instanceof Character) {
      tag(CHAR);
      varint((Character) v);
    } else if (v instanceof LocalDateTime) {
      LocalDateTime t = (LocalDateTime) v;
      tag(DATE_TIME);
      fixed(t.toLocalDate().toEpochDay(), 8);
      fixed(t.toLocalTime().toNanoOfDay(), 8);
    } else if (v instanceof LocalTime) {
      tag(TIME);
      fixed(((LocalTime) v).toNanoOfDay(), 8);
    } else if (v instanceof UUID) {
      tag(UUID_);
      fixed(((UUID) v).getMostSignificantBits(), 8);
      fixed(((UUID) v).getLeastSignificantBits(), 8);
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      tag(LIST);
      varint(list.size());
      for (Object e : list) {
        any(e);
      }
    } else if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      List<byte[]> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        entries.add(new KeyCodec().pair(e.getKey(), e.getValue()).toArray());
      }
      sorted(MAP, entries);
    } else if (v instanceof Set) {
      Collection<?> set = (Collection<?>) v;
      List<byte[]> elements = new ArrayList<>(set.size());
      for (Object e : set) {
        KeyCodec c = new KeyCodec();
        c.any(e);
        elements.add(c.toArray());
      }
      sorted(SET, elements);
    } else {
      throw new UnencodableKeyException(v.getClass());
    }
  }

  private KeyCodec pair(Object k, Object v) {
    any(k);
    any(v);
    return this;
  }

  private void sorted(byte tag, List<byte[]> parts) {
    parts.sort(Arrays::compareUnsigned);
    tag(tag);
    varint(parts.size());
    for (byte[] p : parts) {
      ensure(p.length);
      System.arraycopy(p, 0, buf, len, p.length);
      len += p.length;
    }
  }

  private void decimal(BigDecimal d) {
    tag(DECIMAL);
    int scale = d.scale();
    varint((scale << 1) ^ (scale >> 31));
    bytes(d.unscaledValue().toByteArray());
  }

  /** Characters one by one as varints: injective for any string, unpaired surrogates too. */
  private void string(String s) {
    tag(STRING);
    int n = s.length();
    varint(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf[len++] = (byte) c;
      } else {
        varint(c);
      }
    }
  }

  private void bytes(byte[] b) {
    varint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void tag(byte t) {
    put(t);
  }

  private void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void fixed(long v, int n) {
    ensure(n);
    for (int i = n - 1; i >= 0; i--) {
      buf[len + i] = (byte) v;
      v >>>= 8;
    }
    len += n;
  }

  private void varint(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
