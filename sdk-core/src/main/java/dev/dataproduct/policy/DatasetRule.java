package dev.dataproduct.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A rule checked on a whole publication before it is committed: row count bounds or a custom
 * predicate over {@link DatasetStats}. Actions are {@link Action#FAIL} (the default) or {@link
 * Action#WARN}.
 *
 * <pre>{@code
 * DatasetRule atLeastOneRow = Rules.rowCount(1, null);
 * DatasetRule fewRejects = Rules.dataset("reject-ratio", s -> s.quarantineRatio() < 0.01,
 *     "less than 1% of rows quarantined");
 * }</pre>
 */
public final class DatasetRule implements Rule {

  /** What a dataset rule checks. */
  public enum Kind {
    ROW_COUNT,
    CUSTOM
  }

  private final String id;
  private final Severity severity;
  private final Action action;
  private final String description;
  private final Kind kind;
  private final Long min;
  private final Long max;
  private final Predicate<DatasetStats> predicate;

  DatasetRule(String id, Severity severity, Action action, String description, Kind kind,
      Long min, Long max, Predicate<DatasetStats> predicate) {
    this.id = Rule.checkId(id);
    this.severity = Objects.requireNonNull(severity, "severity");
    this.action = Objects.requireNonNull(action, "action");
    if (action == Action.QUARANTINE) {
      throw new IllegalArgumentException(
          "Dataset rule '" + id + "' cannot quarantine (there is no single row); use FAIL or WARN");
    }
    this.description = description;
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.predicate = predicate;
  }

  public DatasetRule id(String newId) {
    return new DatasetRule(newId, severity, action, description, kind, min, max, predicate);
  }

  public DatasetRule action(Action newAction) {
    return new DatasetRule(id, severity, newAction, description, kind, min, max, predicate);
  }

  public DatasetRule severity(Severity newSeverity) {
    return new DatasetRule(id, newSeverity, action, description, kind, min, max, predicate);
  }

  public DatasetRule description(String newDescription) {
    return new DatasetRule(id, severity, action, newDescription, kind, min, max, predicate);
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

  /** ROW_COUNT: the minimum row count, or {@code null}. */
  public Long min() {
    return min;
  }

  /** ROW_COUNT: the maximum row count, or {@code null}. */
  public Long max() {
    return max;
  }

  /** CUSTOM: the predicate. */
  public Predicate<DatasetStats> predicate() {
    return predicate;
  }

  /**
   * Evaluates the rule.
   *
   * @return the reason it is violated, or empty when it holds
   */
  public Optional<String> evaluate(DatasetStats stats) {
    switch (kind) {
      case ROW_COUNT:
        if (min != null && stats.rows() < min) {
          return Optional.of("port '" + stats.port() + "' has " + stats.rows()
              + " rows, fewer than the minimum " + min);
        }
        if (max != null && stats.rows() > max) {
          return Optional.of("port '" + stats.port() + "' has " + stats.rows()
              + " rows, more than the maximum " + max);
        }
        return Optional.empty();
      case CUSTOM:
      default:
        return predicate.test(stats)
            ? Optional.empty()
            : Optional.of("port '" + stats.port() + "' fails dataset rule '" + id + "'"
                + (description == null ? "" : " (" + description + ")"));
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DatasetRule)) {
      return false;
    }
    DatasetRule r = (DatasetRule) o;
    return id.equals(r.id)
        && severity == r.severity
        && action == r.action
        && Objects.equals(description, r.description)
        && kind == r.kind
        && Objects.equals(min, r.min)
        && Objects.equals(max, r.max)
        && Objects.equals(predicate, r.predicate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, min, max);
  }

  @Override
  public String toString() {
    return "DatasetRule{" + id + " " + kind + " -> " + action + "}";
  }
}
