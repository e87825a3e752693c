package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles {@link RowRule}s into {@link RowCheck}s: field index resolved once, bounds converted
 * to the field's canonical type once, simple patterns without a regex engine; uniqueness is
 * {@link Uniqueness}'s.
 */
public final class RowChecks {
  private static final int MAX_VALUE_IN_REASON = 64;

  private RowChecks() {}

  /**
   * Compiles {@code rule} for rows conforming to {@code schema}.
   *
   * @param now the instant "in the future" is measured from
   * @throws IllegalArgumentException when the rule does not fit the field's type
   */
  public static RowCheck compile(RowRule rule, Schema schema, Instant now) {
    return compile(rule, schema, now, KeyBudget.heap(), "rows", Uniqueness.PUBLICATION);
  }

  /**
   * Compiles {@code rule}; a uniqueness check keeps its keys in {@code keys}, {@code where} (e.g.
   * {@code output port 'p'}) names its port in messages, and its reasons say where duplicates are
   * looked for.
   *
   * @param scope {@link Uniqueness#PUBLICATION} or {@link Uniqueness#RUN_INPUT}
   */
  static RowCheck compile(RowRule rule, Schema schema, Instant now, KeyBudget keys,
      String where, String scope) {
    rule.checkFits(schema);
    if (rule.kind() == RowRule.Kind.CUSTOM) {
      return Uniqueness.isCompositeKey(rule) ? Uniqueness.composite(rule, schema, keys, where)
          : new Custom(rule);
    }
    String name = rule.field().orElseThrow();
    int index = schema.indexOf(name);
    Field field = schema.field(index);
    switch (rule.kind()) {
      case NOT_NULL:
        return new NotNull(rule, index, field);
      case UNIQUE:
        return Uniqueness.of(rule, index, field, keys, where, scope);
      case RANGE:
        return range(rule, index, field);
      case LENGTH:
        return new Length(rule, index, field);
      case PATTERN:
        requireType(rule, field, FieldType.STRING);
        SimplePattern simple = SimplePattern.compile(rule.pattern());
        return simple != null
            ? new FastPattern(rule, index, field, simple)
            : new RegexPattern(rule, index, field, Pattern.compile(rule.pattern()));
      case ALLOWED_VALUES:
        return new Allowed(rule, index, field);
      case NOT_IN_FUTURE:
        if (field.type() == FieldType.TIMESTAMP) {
          return new NotAfterInstant(rule, index, field, now);
        }
        requireType(rule, field, FieldType.DATE);
        return new NotAfterDate(rule, index, field, now.atOffset(ZoneOffset.UTC).toLocalDate());
      default:
        throw new IllegalArgumentException("Unknown rule kind " + rule.kind());
    }
  }

  /**
   * Compiles the rules a run checks on an output port with {@code contract}: its own row rules
   * and the uniqueness its schema implies, in evaluation order.
   */
  public static RowCheck[] compileEffective(dev.dataproduct.contract.DataContract contract,
      Instant now) {
    return compileAll(ImpliedRules.effectiveRules(contract), contract.schema(), now);
  }

  /** Whether {@code check} is a uniqueness check (it claims the keys of the rows it passes). */
  public static boolean isUniqueness(RowCheck check) {
    return check.rule().kind() == RowRule.Kind.UNIQUE
        || check.rule().id().equals(ImpliedRules.PRIMARY_KEY_RULE_ID);
  }

  /** Compiles every rule of an output port, in order; uniqueness keys stay in the heap. */
  public static RowCheck[] compileAll(List<RowRule> rules, Schema schema, Instant now) {
    return compileAll(rules, schema, now, KeyBudget.heap(), "rows", Uniqueness.PUBLICATION);
  }

  /**
   * Compiles every expectation of an input port, in order: a uniqueness rule there looks for
   * duplicates within the run's input, and its reason says so. Keys stay in the heap.
   */
  public static RowCheck[] compileInput(List<RowRule> rules, Schema schema, Instant now) {
    return compileAll(rules, schema, now, KeyBudget.heap(), "rows", Uniqueness.RUN_INPUT);
  }

  /**
   * Compiles every rule, in order, uniqueness keys in the run's {@code keys}; {@code where}
   * names the port in messages, {@code scope} where duplicates are looked for.
   */
  static RowCheck[] compileAll(List<RowRule> rules, Schema schema, Instant now, KeyBudget keys,
      String where, String scope) {
    RowCheck[] checks = new RowCheck[rules.size()];
    for (int i = 0; i < checks.length; i++) {
      checks[i] = compile(rules.get(i), schema, now, keys, where, scope);
    }
    return checks;
  }

  private static void requireType(RowRule rule, Field field, FieldType type) {
    if (field.type() != type) {
      throw new IllegalArgumentException("Rule '" + rule.id() + "' (" + rule.kind()
          + ") needs a " + type.logicalTypeName() + " field; '" + field.name() + "' is "
          + field.type().logicalTypeName());
    }
  }

  /** The value for a reason: abbreviated, or {@code ***} when the field is sensitive. */
  static String show(Field field, Object value) {
    if (field.isSensitive()) {
      return "(" + field.classification().odcsName() + " value)";
    }
    String s = String.valueOf(value instanceof BigDecimal
        ? ((BigDecimal) value).toPlainString() : value);
    return s.length() > MAX_VALUE_IN_REASON
        ? "'" + s.substring(0, MAX_VALUE_IN_REASON) + "...'" : "'" + s + "'";
  }

  private abstract static class FieldCheck implements RowCheck {
    final RowRule rule;
    final int index;
    final Field field;

    FieldCheck(RowRule rule, int index, Field field) {
      this.rule = rule;
      this.index = index;
      this.field = field;
    }

    @Override
    public RowRule rule() {
      return rule;
    }
  }

  private static final class NotNull extends FieldCheck {
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

  private static RowCheck range(RowRule rule, int index, Field field) {
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
          + " is outside " + bounds(min, max);
    }
  }

  private static final class Length extends FieldCheck {
    private final int min;
    private final int max;

    Length(RowRule rule, int index, Field field) {
      super(rule, index, field);
      requireType(rule, field, FieldType.STRING);
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

  private static final class FastPattern extends FieldCheck {
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
          + " does not match " + rule.pattern();
    }
  }

  private static final class RegexPattern extends FieldCheck {
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
          + " does not match " + rule.pattern();
    }
  }

  private static final class Allowed extends FieldCheck {
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
          + " is not one of the " + allowed.size() + " allowed values";
    }
  }

  private static final class NotAfterInstant extends FieldCheck {
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
          + " is in the future (run started " + now + ")";
    }
  }

  private static final class NotAfterDate extends FieldCheck {
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
      return "field '" + field.name() + "' value " + show(field, row.get(index))
          + " is in the future (run date " + today + ")";
    }
  }

  private static final class Custom implements RowCheck {
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
