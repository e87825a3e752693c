package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.ValueDomain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-row check of a store's {@link ValueDomain}, compiled once per port and run: one small
 * check per field whose type the domain limits, none for the others. Runs on conformed rows (the
 * canonical value types of {@link dev.dataproduct.FieldType}). Reasons name the field, the limit
 * and the store, never the value. Immutable and thread-safe.
 */
public final class Representability {
  private static final Representability NONE = new Representability(new int[0],
      new ValueCheck[0], new String[0]);

  /** Returns why {@code value} (not null) cannot be stored, or {@code null} when it can. */
  @FunctionalInterface
  interface ValueCheck {
    String problem(Object value);
  }

  private final int[] index;
  private final ValueCheck[] checks;
  private final String[] names;

  private Representability(int[] index, ValueCheck[] checks, String[] names) {
    this.index = index;
    this.checks = checks;
    this.names = names;
  }

  /** The checks of {@code domain} for rows of {@code schema}. */
  public static Representability compile(Schema schema, ValueDomain domain) {
    if (!domain.isRestricted()) {
      return NONE;
    }
    List<Integer> idx = new ArrayList<>();
    List<ValueCheck> cs = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      Field f = schema.field(i);
      ValueCheck c = check(f, domain);
      if (c != null) {
        idx.add(i);
        cs.add(c);
        ns.add(f.name());
      }
    }
    return new Representability(idx.stream().mapToInt(Integer::intValue).toArray(),
        cs.toArray(new ValueCheck[0]), ns.toArray(new String[0]));
  }

  /** Whether any field is checked at all. */
  public boolean isEmpty() {
    return checks.length == 0;
  }

  /**
   * Why {@code row} cannot be stored ({@code "field 'x' holds ..."}), or {@code null} when every
   * value can.
   */
  public String check(Row row) {
    ValueCheck[] cs = checks;
    for (int k = 0; k < cs.length; k++) {
      Object v = row.get(index[k]);
      if (v != null) {
        String p = cs[k].problem(v);
        if (p != null) {
          return "field '" + names[k] + "' holds " + p;
        }
      }
    }
    return null;
  }

  private static ValueCheck check(Field f, ValueDomain d) {
    switch (f.type()) {
      case STRING:
        return text(d);
      case NUMBER:
        if (d.doubleNumbers() && f.scale().isEmpty()) {
          String store = d.store();
          return v -> v instanceof BigDecimal ? notADouble((BigDecimal) v, store) : null;
        }
        if (!decimalsLimited(d) || declaredWithin(f, d)) {
          return null; // conformance holds the value to its declared decimal(p, s) already
        }
        return v -> v instanceof BigDecimal ? decimal((BigDecimal) v, d) : null;
      case DATE:
        return dates(d);
      case TIMESTAMP:
        return instants(d);
      case OBJECT:
      case ARRAY:
        return v -> nested(v, d, 0);
      default:
        return null;
    }
  }

  private static ValueCheck text(ValueDomain d) {
    String store = d.store();
    boolean nul = d.allowsNulInText();
    return v -> {
      if (!(v instanceof String)) {
        return null;
      }
      return textProblem((String) v, nul, store);
    };
  }

  /**
   * Scans once: a NUL (when refused) or an unpaired surrogate. One comparison per character in
   * the common case: {@code c - first} wraps around below {@code first}, so {@code (char) (c -
   * first) >= MIN_SURROGATE - first} catches both NUL (when {@code first} is 1) and surrogates.
   */
  static String textProblem(String s, boolean nulAllowed, String store) {
    int first = nulAllowed ? 0 : 1;
    char bound = (char) (Character.MIN_SURROGATE - first);
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if ((char) (c - first) < bound) {
        continue;
      }
      if (c == 0) {
        return "text with a NUL character (U+0000), which " + store + " cannot store";
      } else if (c <= Character.MAX_SURROGATE) {
        if (c <= Character.MAX_HIGH_SURROGATE && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return "text with an unpaired UTF-16 surrogate at index " + i + ", which has no"
              + " UTF-8 encoding (" + store + ")";
        }
      }
    }
    return null;
  }

  /** Whether every value conforming to the field's declared decimal(p, s) is in the domain. */
  private static boolean declaredWithin(Field f, ValueDomain d) {
    if (f.scale().isEmpty() || f.precision().isEmpty()) {
      return false;
    }
    long p = f.precision().getAsInt();
    long sc = f.scale().getAsInt();
    return p - sc <= d.maxDigitsBeforePoint() && sc <= d.maxDigitsAfterPoint()
        && 1 + Math.max(p - sc, 1) + (sc > 0 ? sc + 1 : 0) <= d.maxDecimalChars();
  }

  private static boolean decimalsLimited(ValueDomain d) {
    return d.maxDigitsBeforePoint() != Integer.MAX_VALUE
        || d.maxDigitsAfterPoint() != Integer.MAX_VALUE
        || d.maxDecimalChars() != Integer.MAX_VALUE;
  }

  static String decimal(BigDecimal x, ValueDomain d) {
    int precision = x.precision();
    int scale = x.scale();
    long before = (long) precision - scale;
    if (before > d.maxDigitsBeforePoint()) {
      return "a decimal with " + before + " digits before the point; " + d.store()
          + " stores at most " + d.maxDigitsBeforePoint();
    }
    if (scale > d.maxDigitsAfterPoint()) {
      return "a decimal with " + scale + " digits after the point; " + d.store()
          + " stores at most " + d.maxDigitsAfterPoint();
    }
    long chars = (x.signum() < 0 ? 1 : 0) + Math.max(before, 1) + (scale > 0 ? scale + 1L : 0);
    if (chars > d.maxDecimalChars()) {
      return "a decimal of " + chars + " characters in plain notation; " + d.store()
          + " reads at most " + d.maxDecimalChars();
    }
    return null;
  }

  /**
   * Why a decimal does not read back from its nearest double as the same number, or null when it
   * does (Java's shortest text of the double, compared by value: {@code 0.1} does).
   */
  static String notADouble(BigDecimal x, String store) {
    double y = x.doubleValue();
    if (Double.isInfinite(y)) {
      return "a number beyond the range of a double (about 1.8E308); " + store + " stores a"
          + " NUMBER without a declared decimal(p, s) as a double";
    }
    if (y == 0 ? x.signum() != 0 : BigDecimal.valueOf(y).compareTo(x) != 0) {
      return "a decimal that no double holds exactly; " + store + " stores a NUMBER without a"
          + " declared decimal(p, s) as a double: declare withDecimal(p, s) on the field";
    }
    return null;
  }

  private static ValueCheck dates(ValueDomain d) {
    if (d.minDate().isEmpty()) {
      return null;
    }
    LocalDate min = d.minDate().get();
    LocalDate max = d.maxDate().orElseThrow();
    String store = d.store();
    return v -> {
      LocalDate x = (LocalDate) v;
      if (x.isBefore(min)) {
        return "a date before " + min + ", the earliest " + store + " stores";
      }
      if (x.isAfter(max)) {
        return "a date after " + max + ", the latest " + store + " stores";
      }
      return null;
    };
  }

  private static ValueCheck instants(ValueDomain d) {
    long unit = d.timestampPrecision().map(u -> u.getDuration().toNanos()).orElse(1L);
    if (d.minInstant().isEmpty() && unit <= 1) {
      return null;
    }
    Instant min = d.minInstant().orElse(Instant.MIN);
    Instant max = d.maxInstant().orElse(Instant.MAX);
    String store = d.store();
    String finer = unit <= 1 ? null : "a timestamp with a fraction of a "
        + unitName(d.timestampPrecision().get()) + "; " + store + " keeps "
        + unitName(d.timestampPrecision().get()) + "s (truncate it in the transform:"
        + " Instant.truncatedTo(ChronoUnit." + d.timestampPrecision().get().name() + "))";
    return v -> {
      Instant x = (Instant) v;
      if (x.isBefore(min)) {
        return "a timestamp before " + min + ", the earliest " + store + " stores";
      }
      if (x.isAfter(max)) {
        return "a timestamp after " + max + ", the latest " + store + " stores";
      }
      if (unit > 1 && x.getNano() % unit != 0) {
        return finer;
      }
      return null;
    };
  }

  private static String unitName(java.time.temporal.ChronoUnit u) {
    switch (u) {
      case SECONDS:
        return "second";
      case MILLIS:
        return "millisecond";
      case MICROS:
        return "microsecond";
      default:
        return "nanosecond";
    }
  }

  private static final int MAX_DEPTH = 64;

  /** Values inside an object or array: text, finite numbers, decimal limits, recursively. */
  private static String nested(Object v, ValueDomain d, int depth) {
    if (depth > MAX_DEPTH) {
      return "objects nested more than " + MAX_DEPTH + " levels deep";
    }
    String p = null;
    if (v instanceof String) {
      p = textProblem((String) v, d.allowsNulInText(), d.store());
    } else if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        p = "a non-finite number, which JSON cannot hold";
      }
    } else if (v instanceof BigDecimal) {
      p = decimal((BigDecimal) v, d);
    } else if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        p = e.getKey() == null ? null : nested(String.valueOf(e.getKey()), d, depth + 1);
        if (p == null && e.getValue() != null) {
          p = nested(e.getValue(), d, depth + 1);
        }
        if (p != null) {
          break;
        }
      }
    } else if (v instanceof Iterable) {
      for (Object o : (Iterable<?>) v) {
        p = o == null ? null : nested(o, d, depth + 1);
        if (p != null) {
          break;
        }
      }
    } else if (v instanceof Object[]) {
      for (Object o : (Object[]) v) {
        p = o == null ? null : nested(o, d, depth + 1);
        if (p != null) {
          break;
        }
      }
    }
    return p == null || depth > 0 || !(v instanceof Map || v instanceof Iterable
        || v instanceof Object[]) ? p : "inside it " + p;
  }
}
