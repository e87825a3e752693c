package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The checks of {@link RowRule.Kind#RANGE} rules: bounds converted once to the field's canonical
 * type, a primitive comparison for integers within long bounds, decimals compared exactly.
 */
final class RangeChecks {
  private RangeChecks() {}

  /**
   * The check of range rule {@code rule} on {@code field} at {@code index}.
   *
   * @throws IllegalArgumentException when a bound does not fit the field's type
   */
  static RowCheck of(RowRule rule, int index, Field field) {
    Object min = rule.min();
    Object max = rule.max();
    switch (field.type()) {
      case INTEGER:
        if (isIntegral(min) && isIntegral(max)) {
          return new LongRange(rule, index, field,
              min == null ? Long.MIN_VALUE : ((Number) min).longValue(),
              max == null ? Long.MAX_VALUE : ((Number) max).longValue());
        }
        return new DecimalRange(rule, index, field, decimal(rule, min), decimal(rule, max));
      case NUMBER:
        return new DecimalRange(rule, index, field, decimal(rule, min), decimal(rule, max));
      case TIMESTAMP:
      case DATE:
      case STRING:
        Class<?> want = field.type() == FieldType.TIMESTAMP ? Instant.class
            : field.type() == FieldType.DATE ? LocalDate.class : String.class;
        for (Object b : new Object[] {min, max}) {
          if (b != null && !want.isInstance(b)) {
            throw new IllegalArgumentException("Rule '" + rule.id() + "' bound "
                + b.getClass().getSimpleName() + " does not fit " + field.type().logicalTypeName()
                + " field '" + field.name() + "'; use a " + want.getSimpleName());
          }
        }
        return new ComparableRange(rule, index, field, min, max);
      default:
        throw new IllegalArgumentException("Rule '" + rule.id() + "': a range does not apply to "
            + field.type().logicalTypeName() + " field '" + field.name() + "'");
    }
  }

  private static boolean isIntegral(Object o) {
    return o == null || o instanceof Long || o instanceof Integer || o instanceof Short
        || o instanceof Byte;
  }

  private static BigDecimal decimal(RowRule rule, Object bound) {
    if (bound == null) {
      return null;
    }
    if (bound instanceof BigDecimal) {
      return (BigDecimal) bound;
    }
    if (bound instanceof Number) {
      return new BigDecimal(bound.toString());
    }
    throw new IllegalArgumentException("Rule '" + rule.id() + "' bound "
        + bound.getClass().getSimpleName() + " does not fit a numeric field; use a Number");
  }

  private static String bounds(Object min, Object max) {
    String lo = min == null ? "-inf" : min instanceof BigDecimal
        ? ((BigDecimal) min).toPlainString() : min.toString();
    String hi = max == null ? "+inf" : max instanceof BigDecimal
        ? ((BigDecimal) max).toPlainString() : max.toString();
    return "[" + lo + ", " + hi + "]";
  }

  private static final class LongRange extends FieldCheck {
    private final long min;
    private final long max;

    LongRange(RowRule rule, int index, Field field, long min, long max) {
      super(rule, index, field);
      this.min = min;
      this.max = max;
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      if (v == null) {
        return true;
      }
      long x = (Long) v;
      return x >= min && x <= max;
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is outside " + bounds(rule.min(), rule.max());
    }
  }

  private static final class DecimalRange extends FieldCheck {
    private final BigDecimal min;
    private final BigDecimal max;
    private final double minD;
    private final double maxD;

    DecimalRange(RowRule rule, int index, Field field, BigDecimal min, BigDecimal max) {
      super(rule, index, field);
      this.min = min;
      this.max = max;
      this.minD = min == null ? Double.NEGATIVE_INFINITY : min.doubleValue();
      this.maxD = max == null ? Double.POSITIVE_INFINITY : max.doubleValue();
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      if (v == null) {
        return true;
      }
      if (v instanceof BigDecimal) {
        BigDecimal d = (BigDecimal) v;
        return (min == null || d.compareTo(min) >= 0) && (max == null || d.compareTo(max) <= 0);
      }
      if (v instanceof Double) {
        double d = (Double) v;
        return d >= minD && d <= maxD;
      }
      BigDecimal d = BigDecimal.valueOf(((Number) v).longValue());
      return (min == null || d.compareTo(min) >= 0) && (max == null || d.compareTo(max) <= 0);
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is outside " + bounds(min, max);
    }
  }

  private static final class ComparableRange extends FieldCheck {
    private final Comparable<Object> min;
    private final Comparable<Object> max;

    @SuppressWarnings("unchecked")
    ComparableRange(RowRule rule, int index, Field field, Object min, Object max) {
      super(rule, index, field);
      this.min = (Comparable<Object>) min;
      this.max = (Comparable<Object>) max;
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      if (v == null) {
        return true;
      }
      return (min == null || min.compareTo(v) <= 0) && (max == null || max.compareTo(v) >= 0);
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is outside " + bounds(min, max);
    }
  }
}
