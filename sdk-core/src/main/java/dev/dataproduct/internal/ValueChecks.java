package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of the rules on one value of a row, other than ranges and uniqueness: not null,
 * length, pattern (a {@link SimplePattern} scanner when it can, else the regex engine), allowed
 * values, not in the future, and custom predicates. Made by {@link RowChecks#compile}.
 */
final class ValueChecks {
  private ValueChecks() {}

  static final class NotNull extends FieldCheck {
    NotNull(RowRule rule, int index, Field field) {
      super(rule, index, field);
    }

    @Override
    public boolean test(Row row) {
      return row.get(index) != null;
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' is null";
    }
  }

  static final class Length extends FieldCheck {
    private final int min;
    private final int max;

    Length(RowRule rule, int index, Field field) {
      super(rule, index, field);
      RowChecks.requireType(rule, field, FieldType.STRING);
      this.min = rule.min() == null ? 0 : (Integer) rule.min();
      this.max = rule.max() == null ? Integer.MAX_VALUE : (Integer) rule.max();
    }

    @Override
    public boolean test(Row row) {
      String s = (String) row.get(index);
      if (s == null) {
        return true;
      }
      int len = s.length();
      if (len >= min && len <= max) {
        return true;
      }
      int cps = s.codePointCount(0, len);
      return cps >= min && cps <= max;
    }

    @Override
    public String reason(Row row) {
      String s = (String) row.get(index);
      return "field '" + field.name() + "' has " + s.codePointCount(0, s.length())
          + " characters, outside [" + min + ", " + (max == Integer.MAX_VALUE ? "+inf" : max)
          + "]";
    }
  }

  static final class FastPattern extends FieldCheck {
    private final SimplePattern pattern;

    FastPattern(RowRule rule, int index, Field field, SimplePattern pattern) {
      super(rule, index, field);
      this.pattern = pattern;
    }

    @Override
    public boolean test(Row row) {
      String s = (String) row.get(index);
      return s == null || pattern.matches(s);
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " does not match " + rule.pattern();
    }
  }

  static final class RegexPattern extends FieldCheck {
    private final Matcher matcher;

    RegexPattern(RowRule rule, int index, Field field, Pattern pattern) {
      super(rule, index, field);
      this.matcher = pattern.matcher("");
    }

    @Override
    public boolean test(Row row) {
      String s = (String) row.get(index);
      return s == null || matcher.reset(s).matches();
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " does not match " + rule.pattern();
    }
  }

  static final class Allowed extends FieldCheck {
    private final Set<Object> allowed = new HashSet<>();

    Allowed(RowRule rule, int index, Field field) {
      super(rule, index, field);
      for (Object v : rule.allowedValues()) {
        allowed.add(normalise(field, v, rule));
      }
    }

    private static Object normalise(Field field, Object v, RowRule rule) {
      switch (field.type()) {
        case INTEGER:
          if (v instanceof Number) {
            return ((Number) v).longValue();
          }
          break;
        case NUMBER:
          if (v instanceof Number) {
            return new BigDecimal(v.toString()).stripTrailingZeros();
          }
          break;
        case STRING:
          return v.toString();
        default:
          return v;
      }
      throw new IllegalArgumentException("Rule '" + rule.id() + "' allows "
          + v.getClass().getSimpleName() + " values, which do not fit "
          + field.type().logicalTypeName() + " field '" + field.name() + "'");
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      if (v == null) {
        return true;
      }
      if (v instanceof BigDecimal) {
        v = ((BigDecimal) v).stripTrailingZeros();
      } else if (v instanceof Double && field.type() == FieldType.NUMBER) {
        v = BigDecimal.valueOf((Double) v).stripTrailingZeros();
      }
      return allowed.contains(v);
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is not one of the " + allowed.size() + " allowed values";
    }
  }

  static final class NotAfterInstant extends FieldCheck {
    private final Instant now;

    NotAfterInstant(RowRule rule, int index, Field field, Instant now) {
      super(rule, index, field);
      this.now = now;
    }

    @Override
    public boolean test(Row row) {
      Instant v = (Instant) row.get(index);
      return v == null || !v.isAfter(now);
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is in the future (run started " + now + ")";
    }
  }

  static final class NotAfterDate extends FieldCheck {
    private final LocalDate today;

    NotAfterDate(RowRule rule, int index, Field field, LocalDate today) {
      super(rule, index, field);
      this.today = today;
    }

    @Override
    public boolean test(Row row) {
      LocalDate v = (LocalDate) row.get(index);
      return v == null || !v.isAfter(today);
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is in the future (run date " + today + ")";
    }
  }

  static final class Custom implements RowCheck {
    private final RowRule rule;
    private final Predicate<Row> predicate;
    private String lastError;

    Custom(RowRule rule) {
      this.rule = rule;
      this.predicate = rule.predicate();
    }

    @Override
    public RowRule rule() {
      return rule;
    }

    @Override
    public boolean test(Row row) {
      try {
        lastError = null;
        return predicate.test(row);
      } catch (RuntimeException e) {
        // the exception's message may carry values: keep only its type
        lastError = e.getClass().getSimpleName();
        return false;
      }
    }

    @Override
    public String reason(Row row) {
      return lastError == null
          ? "row fails custom rule '" + rule.id() + "'"
              + rule.description().map(d -> " (" + d + ")").orElse("")
          : "custom rule '" + rule.id() + "' threw " + lastError;
    }
  }
}
