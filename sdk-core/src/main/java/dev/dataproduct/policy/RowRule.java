package dev.dataproduct.policy;

import dev.dataproduct.Row;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A rule checked on every row before it reaches an output port. Built with {@link Rules};
 * refined with {@link #id}, {@link #action}, {@link #severity}, {@link #description}, each of
 * which returns a new rule.
 *
 * <pre>{@code
 * RowRule r = Rules.pattern("currency", "[A-Z]{3}").id("iso-currency").action(Action.QUARANTINE);
 * }</pre>
 */
public final class RowRule implements Rule {

  /** What a row rule checks. */
  public enum Kind {
    NOT_NULL,
    UNIQUE,
    RANGE,
    LENGTH,
    PATTERN,
    ALLOWED_VALUES,
    NOT_IN_FUTURE,
    CUSTOM
  }

  private final String id;
  private final Severity severity;
  private final Action action;
  private final String description;
  private final Kind kind;
  private final String field;
  private final Object min;
  private final Object max;
  private final String pattern;
  private final Set<Object> allowedValues;
  private final Predicate<Row> predicate;

  RowRule(String id, Severity severity, Action action, String description, Kind kind,
      String field, Object min, Object max, String pattern, Set<Object> allowedValues,
      Predicate<Row> predicate) {
    this.id = Rule.checkId(id);
    this.severity = Objects.requireNonNull(severity, "severity");
    this.action = Objects.requireNonNull(action, "action");
    this.description = description;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.field = field;
    this.min = min;
    this.max = max;
    this.pattern = pattern;
    this.allowedValues = allowedValues;
    this.predicate = predicate;
  }

  /** The same rule under another id. */
  public RowRule id(String newId) {
    return new RowRule(newId, severity, action, description, kind, field, min, max, pattern,
        allowedValues, predicate);
  }

  /** The same rule with another action. */
  public RowRule action(Action newAction) {
    return new RowRule(id, severity, newAction, description, kind, field, min, max, pattern,
        allowedValues, predicate);
  }

  /** The same rule with another severity. */
  public RowRule severity(Severity newSeverity) {
    return new RowRule(id, newSeverity, action, description, kind, field, min, max, pattern,
        allowedValues, predicate);
  }

  /** The same rule with a description. */
  public RowRule description(String newDescription) {
    return new RowRule(id, severity, action, Objects.requireNonNull(newDescription, "description"),
        kind, field, min, max, pattern, allowedValues, predicate);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public Action action() {
    return action;
  }

  @Override
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public Kind kind() {
    return kind;
  }

  /** The field checked; empty for custom rules over the whole row. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /**
   * RANGE: the inclusive lower bound (a Number, Instant, LocalDate or String), or {@code null};
   * LENGTH: the minimum length as an Integer, or {@code null}.
   */
  public Object min() {
    return min;
  }

  /** RANGE: the inclusive upper bound, or {@code null}; LENGTH: the maximum length, or null. */
  public Object max() {
    return max;
  }

  /** PATTERN: the regular expression every non-null value must match entirely. */
  public String pattern() {
    return pattern;
  }

  /** ALLOWED_VALUES: the values allowed. */
  public Set<Object> allowedValues() {
    return allowedValues;
  }

  /**
   * Checks that this rule applies to {@code schema}: the field it names exists, its kind applies
   * to the field's type, and its bounds and allowed values fit that type (a range on a STRING
   * field needs String bounds). Contracts and products call it when they are built, so a rule
   * that cannot be checked fails there, not in a run.
   *
   * <pre>{@code
   * Rules.range("country", 0, null).checkFits(schema);
   * // IllegalArgumentException: Rule 'country-range' bound Integer does not fit string field
   * // 'country'; use a String
   * }</pre>
   *
   * @throws IllegalArgumentException naming the rule, the field and what would fit
   */
  public void checkFits(dev.dataproduct.Schema schema) {
    FieldFit.check(this, Objects.requireNonNull(schema, "schema"));
  }

  /** CUSTOM: the predicate a row must satisfy. */
  public Predicate<Row> predicate() {
    return predicate;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RowRule)) {
      return false;
    }
    RowRule r = (RowRule) o;
    return id.equals(r.id)
        && severity == r.severity
        && action == r.action
        && Objects.equals(description, r.description)
        && kind == r.kind
        && Objects.equals(field, r.field)
        && Objects.equals(min, r.min)
        && Objects.equals(max, r.max)
        && Objects.equals(pattern, r.pattern)
        && Objects.equals(allowedValues, r.allowedValues)
        && Objects.equals(predicate, r.predicate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, field, action);
  }

  @Override
  public String toString() {
    return "RowRule{" + id + " " + kind + (field == null ? "" : " on " + field) + " -> " + action
        + "}";
  }
}
