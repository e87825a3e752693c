package dev.dataproduct.policy;

import dev.dataproduct.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Factories for quality rules. Row rules default to {@link Action#QUARANTINE} and severity {@link
 * Severity#ERROR}; dataset rules to {@link Action#FAIL}. Default ids are {@code
 * <field>-<kind>}, e.g. {@code amount-range}.
 *
 * <pre>{@code
 * List<Rule> rules = List.of(
 *     Rules.notNull("customer_id"),
 *     Rules.range("amount", BigDecimal.ZERO, new BigDecimal("100000")),
 *     Rules.pattern("currency", "[A-Z]{3}"),
 *     Rules.allowedValues("currency", "EUR", "USD", "GBP"),
 *     Rules.unique("order_id"),
 *     Rules.notInFuture("ordered_at"),
 *     Rules.custom("shipped-after-ordered",
 *         r -> r.getTimestamp("shipped_at") == null
 *             || !r.getTimestamp("shipped_at").isBefore(r.getTimestamp("ordered_at"))),
 *     Rules.rowCount(1, null));
 * }</pre>
 */
public final class Rules {
  private Rules() {}

  private static RowRule row(RowRule.Kind kind, String field, String suffix, Object min,
      Object max, String pattern, Set<Object> values, Predicate<Row> predicate) {
    Objects.requireNonNull(field, "field");
    return new RowRule(field + "-" + suffix, Severity.ERROR, Action.QUARANTINE, null, kind, field,
        min, max, pattern, values, predicate);
  }

  /** The field's value is not {@code null}. */
  public static RowRule notNull(String field) {
    return row(RowRule.Kind.NOT_NULL, field, "not-null", null, null, null, null, null);
  }

  /** No two rows of one publication have the same non-null value. */
  public static RowRule unique(String field) {
    return row(RowRule.Kind.UNIQUE, field, "unique", null, null, null, null, null);
  }

  /**
   * The non-null value lies within {@code [min, max]}; either bound may be {@code null}. Bounds
   * are Numbers for INTEGER and NUMBER fields, Instants for TIMESTAMP, LocalDates for DATE and
   * Strings for STRING; a bound of another type fails when the rule is bound to the port.
   */
  public static RowRule range(String field, Object min, Object max) {
    if (min == null && max == null) {
      throw new IllegalArgumentException("Range rule on '" + field + "' needs a min or a max");
    }
    checkBound(field, min);
    checkBound(field, max);
    return row(RowRule.Kind.RANGE, field, "range", min, max, null, null, null);
  }

  private static void checkBound(String field, Object bound) {
    if (bound != null && !(bound instanceof Number || bound instanceof Instant
        || bound instanceof LocalDate || bound instanceof String)) {
      throw new IllegalArgumentException("Range bound on '" + field + "' must be a Number,"
          + " Instant, LocalDate or String, was " + bound.getClass().getSimpleName());
    }
  }

  /** The non-null string value has between {@code min} and {@code max} characters. */
  public static RowRule length(String field, Integer min, Integer max) {
    if (min == null && max == null) {
      throw new IllegalArgumentException("Length rule on '" + field + "' needs a min or a max");
    }
    if ((min != null && min < 0) || (max != null && max < 0)
        || (min != null && max != null && min > max)) {
      throw new IllegalArgumentException(
          "Length rule on '" + field + "' has invalid bounds [" + min + ", " + max + "]");
    }
    return row(RowRule.Kind.LENGTH, field, "length", min, max, null, null, null);
  }

  /** The non-null string has at most {@code max} characters. */
  public static RowRule maxLength(String field, int max) {
    return length(field, null, max);
  }

  /**
   * The non-null string value matches {@code regex} entirely. Simple character-class patterns
   * such as {@code [A-Z]{3}} are compiled to a scanner without a regex engine.
   */
  public static RowRule pattern(String field, String regex) {
    Objects.requireNonNull(regex, "regex");
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "Pattern rule on '" + field + "' has an invalid regular expression: " + e.getMessage(),
          e);
    }
    return row(RowRule.Kind.PATTERN, field, "pattern", null, null, regex, null, null);
  }

  /** The non-null value is one of {@code values}. */
  public static RowRule allowedValues(String field, Object... values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("Allowed-values rule on '" + field + "' has no values");
    }
    Set<Object> set = new LinkedHashSet<>(Arrays.asList(values));
    if (set.contains(null)) {
      throw new IllegalArgumentException(
          "Allowed-values rule on '" + field + "' lists null; use Field.optional instead");
    }
    return row(RowRule.Kind.ALLOWED_VALUES, field, "allowed-values", null, null, null,
        Set.copyOf(set), null);
  }

  /** The non-null TIMESTAMP or DATE value is not after the start of the run. */
  public static RowRule notInFuture(String field) {
    return row(RowRule.Kind.NOT_IN_FUTURE, field, "not-in-future", null, null, null, null, null);
  }

  /**
   * A named predicate over the whole row. The predicate must be thread-safe; an exception it
   * throws counts as a violation.
   */
  public static RowRule custom(String id, Predicate<Row> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return new RowRule(id, Severity.ERROR, Action.QUARANTINE, null, RowRule.Kind.CUSTOM, null,
        null, null, null, null, predicate);
  }

  /** A named predicate over one field's row (the field is recorded for descriptors). */
  public static RowRule custom(String id, String field, Predicate<Row> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    Objects.requireNonNull(field, "field");
    return new RowRule(id, Severity.ERROR, Action.QUARANTINE, null, RowRule.Kind.CUSTOM, field,
        null, null, null, null, predicate);
  }

  /** The publication has between {@code min} and {@code max} rows; either may be null. */
  public static DatasetRule rowCount(Long min, Long max) {
    if (min == null && max == null) {
      throw new IllegalArgumentException("Row-count rule needs a min or a max");
    }
    if ((min != null && min < 0) || (max != null && max < 0)
        || (min != null && max != null && min > max)) {
      throw new IllegalArgumentException(
          "Row-count rule has invalid bounds [" + min + ", " + max + "]");
    }
    return new DatasetRule("row-count", Severity.ERROR, Action.FAIL, null,
        DatasetRule.Kind.ROW_COUNT, min, max, null);
  }

  /** Convenience for {@link #rowCount(Long, Long)} with int bounds. */
  public static DatasetRule rowCount(int min, Integer max) {
    return rowCount((long) min, max == null ? null : (long) max);
  }

  /** A named predicate over the publication's statistics. */
  public static DatasetRule dataset(String id, Predicate<DatasetStats> predicate,
      String description) {
    Objects.requireNonNull(predicate, "predicate");
    return new DatasetRule(id, Severity.ERROR, Action.FAIL, description,
        DatasetRule.Kind.CUSTOM, null, null, predicate);
  }
}
