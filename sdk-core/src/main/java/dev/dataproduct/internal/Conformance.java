package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks rows against a schema and converts their values to the canonical Java types of {@link
 * FieldType}. Rows bound to another schema are mapped by field name. A non-conforming row gets a
 * reason naming the field and the problem, never the value. One instance per port and run: not
 * thread-safe.
 */
public final class Conformance {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private static final RowAccess.Accessor ACCESS = RowAccess.get();

  private final Schema target;
  private final Field[] fields;
  private Schema lastSource;
  private int[] lastMapping;
  private boolean lastIdentity;
  private String reason;

  public Conformance(Schema target) {
    this.target = target;
    this.fields = target.fields().toArray(new Field[0]);
  }

  public Schema target() {
    return target;
  }

  /** Why the last {@link #conform} returned {@code null}. */
  public String reason() {
    return reason;
  }

  /**
   * The row bound to the target schema with canonical values, or {@code null} when it does not
   * conform (see {@link #reason()}).
   */
  public Row conform(Row row) {
    Schema checked = ACCESS.conformedTo(row);
    if (checked != null && (checked == target || checked.equals(target))) {
      // already checked against an equal schema, and rows are immutable
      return row.schema() == target ? row : ACCESS.rebind(row, target);
    }
    Schema source = row.schema();
    if (source != lastSource) {
      remap(source);
    }
    Object[] out = null;
    int n = fields.length;
    for (int i = 0; i < n; i++) {
      int from = lastIdentity ? i : lastMapping[i];
      Object v = from < 0 ? null : row.get(from);
      Field f = fields[i];
      if (v == null) {
        if (f.isRequired()) {
          reason = "field '" + f.name() + "' is required but "
              + (from < 0 ? "missing from the row (fields " + source.fieldNames() + ")" : "null");
          return null;
        }
        if (!lastIdentity && out == null) {
          out = new Object[n];
        }
        continue;
      }
      Object c = canonical(f, v);
      if (c == null) {
        return null;
      }
      if (c != v || !lastIdentity) {
        if (out == null) {
          out = lastIdentity ? row.toArray() : new Object[n];
        }
        out[i] = c;
      }
    }
    return out == null ? ACCESS.rebind(row, target) : ACCESS.conformed(target, out);
  }

  private void remap(Schema source) {
    lastSource = source;
    lastIdentity = source == target || source.equals(target)
        || source.fieldNames().equals(target.fieldNames());
    if (!lastIdentity) {
      lastMapping = new int[fields.length];
      for (int i = 0; i < fields.length; i++) {
        lastMapping[i] = source.contains(fields[i].name()) ? source.indexOf(fields[i].name()) : -1;
      }
    }
  }

  private String expected(Field f, Object v) {
    return "field '" + f.name() + "' expects " + f.type().logicalTypeName() + ", got "
        + v.getClass().getSimpleName();
  }

  private Object canonical(Field f, Object v) {
    switch (f.type()) {
      case STRING:
        return string(f, v);
      case INTEGER:
        return integer(f, v);
      case NUMBER:
        return number(f, v);
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        break;
      case DATE:
        if (v instanceof LocalDate) {
          return v;
        }
        if (v instanceof java.sql.Date) {
          return ((java.sql.Date) v).toLocalDate();
        }
        break;
      case TIMESTAMP:
        return timestamp(f, v);
      case OBJECT:
        if (v instanceof Map) {
          return v;
        }
        break;
      case ARRAY:
        if (v instanceof List) {
          return v;
        }
        if (v instanceof Object[]) {
          return Arrays.asList(((Object[]) v).clone());
        }
        break;
      default:
        break;
    }
    reason = expected(f, v);
    return null;
  }

  private Object string(Field f, Object v) {
    String s;
    if (v instanceof String) {
      s = (String) v;
    } else if (v instanceof Character || v instanceof UUID) {
      s = v.toString();
    } else {
      reason = expected(f, v);
      return null;
    }
    if (f.maxLength().isPresent()) {
      int max = f.maxLength().getAsInt();
      if (s.length() > max && s.codePointCount(0, s.length()) > max) {
        reason = "field '" + f.name() + "' has " + s.codePointCount(0, s.length())
            + " characters, more than its maximum length " + max;
        return null;
      }
    }
    return s;
  }

  private Object integer(Field f, Object v) {
    if (v instanceof Long) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      if (b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
        return b.longValue();
      }
      reason = "field '" + f.name() + "' holds an integer outside the 64-bit range";
      return null;
    }
    if (v instanceof BigDecimal) {
      try {
        return ((BigDecimal) v).longValueExact();
      } catch (ArithmeticException e) {
        reason = "field '" + f.name() + "' expects integer, got a decimal with a fraction or"
            + " outside the 64-bit range";
        return null;
      }
    }
    reason = expected(f, v);
    return null;
  }

  private Object number(Field f, Object v) {
    BigDecimal d;
    if (v instanceof BigDecimal) {
      d = (BigDecimal) v;
    } else if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        reason = "field '" + f.name() + "' is not a finite number";
        return null;
      }
      if (f.scale().isEmpty()) {
        return v instanceof Double ? v : Double.valueOf(x);
      }
      d = BigDecimal.valueOf(x);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte) {
      d = BigDecimal.valueOf(((Number) v).longValue());
    } else if (v instanceof BigInteger) {
      d = new BigDecimal((BigInteger) v);
    } else {
      reason = expected(f, v);
      return null;
    }
    if (f.scale().isEmpty()) {
      return d;
    }
    int scale = f.scale().getAsInt();
    int precision = f.precision().getAsInt();
    if (d.scale() != scale) {
      try {
        d = d.setScale(scale);
      } catch (ArithmeticException e) {
        reason = "field '" + f.name() + "' has more than " + scale + " decimal places";
        return null;
      }
    }
    if (d.precision() - d.scale() > precision - scale) {
      reason = "field '" + f.name() + "' does not fit decimal(" + precision + "," + scale
          + "): more than " + (precision - scale) + " digits before the point";
      return null;
    }
    return d;
  }

  private Object timestamp(Field f, Object v) {
    if (v instanceof Instant) {
      return v;
    }
    if (v instanceof OffsetDateTime) {
      return ((OffsetDateTime) v).toInstant();
    }
    if (v instanceof ZonedDateTime) {
      return ((ZonedDateTime) v).toInstant();
    }
    if (v instanceof java.util.Date) {
      return ((java.util.Date) v).toInstant();
    }
    if (v instanceof LocalDateTime) {
      return ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
    }
    reason = expected(f, v);
    return null;
  }
}
