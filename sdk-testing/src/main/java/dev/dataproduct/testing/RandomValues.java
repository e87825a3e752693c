package dev.dataproduct.testing;

import dev.dataproduct.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Values of every logical type for property-based tests of storage adapters: a fixed list of
 * edge values per type (limits of Java, of PostgreSQL, H2 and JSON, far past and future,
 * fractions of a microsecond, one a rounding would carry into the next year, huge and tiny
 * decimals, every Unicode plane, unpaired surrogates, NUL, empty and very long text) and
 * random values from a seeded {@link Random}, so a failure can be replayed from its seed.
 *
 * <pre>{@code
 * RandomValues values = RandomValues.seeded(42);
 * for (FieldType type : FieldType.values()) {
 *   for (Object edge : RandomValues.edges(type)) { ... }
 *   Object any = values.next(type);
 * }
 * }</pre>
 *
 * <p>Values are of the core's canonical Java types ({@code String}, {@code Long}, {@code
 * BigDecimal} or {@code Double}, {@code Boolean}, {@code LocalDate}, {@code Instant}, {@code
 * Map<String, Object>}, {@code List<Object>}). Not thread-safe.
 */
public final class RandomValues {
  private final Random random;

  private RandomValues(long seed) {
    this.random = new Random(seed);
  }

  /** Random values from {@code seed}. */
  public static RandomValues seeded(long seed) {
    return new RandomValues(seed);
  }

  /** The fixed edge values of {@code type}, in a stable order. */
  public static List<Object> edges(FieldType type) {
    switch (type) {
      case STRING:
        return List.of("", " ", "a", "\u0000", "a\u0000b", "a\uD800b", "\uDC00", "x\uD800",
            "\uDBFF\uDFFF", "\uD83D\uDE00 smile", "\u00e9t\u00e9 \u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd",
            new String(Character.toChars(0x20000)) + new String(Character.toChars(0x30000))
                + new String(Character.toChars(0xE0001)) + new String(Character.toChars(0xF0000))
                + new String(Character.toChars(0x10FFFF)),
            "\uFEFF\uFFFE\uFFFF", "\r\n\t\u007f\u0085\u2028", "\"quoted\",comma;semi",
            "null", "NULL", "\\N", "x".repeat(100_000), "\u00e9".repeat(20_000));
      case INTEGER:
        return List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MIN_VALUE,
            (long) Integer.MAX_VALUE, 9_007_199_254_740_993L);
      case NUMBER:
        return List.of(BigDecimal.ZERO, new BigDecimal("0.00"), new BigDecimal("-0.5"),
            new BigDecimal("1E+20"), new BigDecimal("1e200000"), new BigDecimal("-1e200000"),
            new BigDecimal("1e-20000"), new BigDecimal("1e9999"), new BigDecimal("1e-9999"),
            new BigDecimal("1e10000"), new BigDecimal("1e-16383"), new BigDecimal("1e-16384"),
            new BigDecimal("1e131071"), new BigDecimal("1e131072"),
            new BigDecimal("9".repeat(998)), new BigDecimal("9".repeat(1_200)),
            new BigDecimal("0.1"), new BigDecimal("123456789012345678901234567890.123456789"),
            Double.MAX_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1, 1e-300, 123.456,
            Double.NaN, Double.POSITIVE_INFINITY);
      case BOOLEAN:
        return List.of(true, false);
      case DATE:
        return List.of(LocalDate.EPOCH, LocalDate.MIN, LocalDate.MAX, LocalDate.of(0, 1, 1),
            LocalDate.of(1, 1, 1), LocalDate.of(-1, 12, 31), LocalDate.of(1582, 10, 10),
            LocalDate.of(1582, 10, 4), LocalDate.of(1900, 1, 1), LocalDate.of(2000, 2, 29),
            LocalDate.of(9999, 12, 31), LocalDate.of(10_000, 1, 1), LocalDate.of(-4713, 11, 24),
            LocalDate.of(-4713, 11, 23), LocalDate.of(5_874_897, 12, 31),
            LocalDate.of(5_874_898, 1, 1), LocalDate.of(294_277, 1, 1), LocalDate.of(-4712, 1, 1),
            LocalDate.of(-4713, 12, 31));
      case TIMESTAMP:
        return List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(0, 1),
            Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("1582-10-10T12:00:00Z"),
            Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
            Instant.parse("2000-01-01T00:00:00.0000005Z"),
            Instant.parse("1999-12-31T23:59:59.999999999Z"), Instant.ofEpochSecond(0, 999),
            Instant.parse("2026-12-02T10:15:30.123456789Z"),
            LocalDate.of(-4713, 11, 24).atStartOfDay(ZoneOffset.UTC).toInstant(),
            LocalDate.of(-4713, 11, 24).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1_000),
            LocalDate.of(294_276, 12, 31).atTime(23, 59, 59, 999_999_000)
                .toInstant(ZoneOffset.UTC),
            LocalDate.of(294_277, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
            Instant.parse("-999999999-01-01T00:00:00Z"),
            LocalDate.of(-4712, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
            LocalDate.of(-4712, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1));
      case OBJECT:
        return List.of(Map.of(), Map.of("k", "v"), Map.of("nul", "a\u0000b"),
            Map.of("surrogate", "a\uD800b"), Map.of("n", 12L, "list", List.of("a", "b")),
            Map.of("nan", Double.NaN), Map.of("\u0000key", "v"),
            Map.of("deep", Map.of("deeper", List.of(Map.of("x", "\uD83D\uDE00")))));
      case ARRAY:
        return List.of(List.of(), List.of("a", "b"), List.of("a\u0000b"), List.of("\uDC00"),
            List.of(1L, -1L), List.of(List.of("nested")), Arrays.asList("x", null));
      default:
        throw new IllegalArgumentException("No edge values for " + type);
    }
  }

  /** A random value of {@code type}; about one in five is one of its {@link #edges}. */
  public Object next(FieldType type) {
    if (random.nextInt(5) == 0) {
      List<Object> e = edges(type);
      return e.get(random.nextInt(e.size()));
    }
    switch (type) {
      case STRING:
        return string(random.nextInt(40));
      case INTEGER:
        return random.nextBoolean() ? random.nextLong() : (long) random.nextInt(2_000) - 1_000;
      case NUMBER:
        return number();
      case BOOLEAN:
        return random.nextBoolean();
      case DATE:
        return random.nextInt(4) == 0
            ? LocalDate.ofEpochDay(nextLong(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()))
            : LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000);
      case TIMESTAMP:
        return random.nextInt(4) == 0
            ? Instant.ofEpochSecond(nextLong(Instant.MIN.getEpochSecond(),
                Instant.MAX.getEpochSecond()), random.nextInt(1_000_000_000))
            : Instant.ofEpochSecond(random.nextInt(2_000_000_000) * (random.nextBoolean() ? 1L
                : -1L), random.nextInt(1_000_000) * 1_000L);
      case OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          m.put(string(1 + random.nextInt(8)), random.nextBoolean() ? string(10)
              : (Object) (long) random.nextInt());
        }
        return m;
      }
      case ARRAY: {
        List<Object> l = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          l.add(string(random.nextInt(10)));
        }
        return l;
      }
      default:
        throw new IllegalArgumentException("No random values for " + type);
    }
  }

  private long nextLong(long min, long max) {
    return min + Math.floorMod(random.nextLong(), max - min + 1);
  }

  /**
   * Text of random code points from every plane and control characters; one string in eight gets
   * a lone surrogate, one in eight a NUL, at a random place.
   */
  private String string(int length) {
    StringBuilder b = new StringBuilder(length * 2);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(10)) {
        case 0:
          b.appendCodePoint(0x10000 + random.nextInt(0x100000));
          break;
        case 1:
          b.append((char) (1 + random.nextInt(0x1F))); // control characters but NUL
          break;
        case 2:
        case 3:
          b.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
          break;
        case 4:
          b.append((char) (0xE000 + random.nextInt(0x2000)));
          break;
        default:
          b.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    int spice = random.nextInt(8);
    if (spice < 2) {
      char c = spice == 0 ? (char) (0xD800 + random.nextInt(0x800)) : (char) 0;
      int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
      if (at > 0 && at < b.length() && Character.isHighSurrogate(b.charAt(at - 1))) {
        at--; // between a pair: before it instead
      }
      b.insert(at, c);
    }
    return b.toString();
  }

  /** A random decimal that fits {@code decimal(precision, scale)}, with exactly that scale. */
  public BigDecimal decimal(int precision, int scale) {
    int digits = 1 + random.nextInt(Math.min(precision, 36));
    BigInteger unscaled = new BigInteger(digits * 3, random).mod(BigInteger.TEN.pow(digits));
    BigDecimal d = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
    return d.precision() > precision ? BigDecimal.ZERO.setScale(scale) : d;
  }

  private Object number() {
    if (random.nextInt(3) == 0) {
      double d;
      do {
        d = Double.longBitsToDouble(random.nextLong());
      } while (Double.isNaN(d) || Double.isInfinite(d));
      return d;
    }
    BigInteger unscaled = new BigInteger(1 + random.nextInt(140), random);
    if (random.nextBoolean()) {
      unscaled = unscaled.negate();
    }
    int scale = random.nextInt(12) == 0 ? random.nextInt(40_000) - 20_000
        : random.nextInt(60) - 30;
    return new BigDecimal(unscaled, scale);
  }
}
