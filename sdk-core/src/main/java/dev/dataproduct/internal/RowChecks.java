package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compiles {@link RowRule}s into {@link RowCheck}s: field index resolved once, bounds converted
 * to the field's canonical type once ({@link RangeChecks}), simple patterns without a regex engine
 * ({@link ValueChecks}); uniqueness is {@link Uniqueness}'s.
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
          : new ValueChecks.Custom(rule);
    }
    String name = rule.field().orElseThrow();
    int index = schema.indexOf(name);
    Field field = schema.field(index);
    switch (rule.kind()) {
      case NOT_NULL:
        return new ValueChecks.NotNull(rule, index, field);
      case UNIQUE:
        return Uniqueness.of(rule, index, field, keys, where, scope);
      case RANGE:
        return RangeChecks.of(rule, index, field);
      case LENGTH:
        return new ValueChecks.Length(rule, index, field);
      case PATTERN:
        requireType(rule, field, FieldType.STRING);
        SimplePattern simple = SimplePattern.compile(rule.pattern());
        return simple != null
            ? new ValueChecks.FastPattern(rule, index, field, simple)
            : new ValueChecks.RegexPattern(rule, index, field, Pattern.compile(rule.pattern()));
      case ALLOWED_VALUES:
        return new ValueChecks.Allowed(rule, index, field);
      case NOT_IN_FUTURE:
        if (field.type() == FieldType.TIMESTAMP) {
          return new ValueChecks.NotAfterInstant(rule, index, field, now);
        }
        requireType(rule, field, FieldType.DATE);
        return new ValueChecks.NotAfterDate(rule, index, field, now.atOffset(ZoneOffset.UTC).toLocalDate());
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

  static void requireType(RowRule rule, Field field, FieldType type) {
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

}
