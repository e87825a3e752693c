package dev.dataproduct.contract;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.internal.Conformance;
import dev.dataproduct.internal.RowCheck;
import dev.dataproduct.internal.RowChecks;
import dev.dataproduct.internal.SimplePattern;
import dev.dataproduct.policy.Action;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks rows against a contract exactly as a run's output port does: schema conformance first
 * (types, required fields, lengths, decimals), then each of the contract's row rules and the
 * uniqueness its schema implies (a primary key, unique fields), uniqueness last; it remembers
 * the keys of every row that passed the other rules. For test-data generators
 * and tools that must agree with the runtime, such as sdk-testing's {@code ContractRows}; a run
 * never needs it. Not thread-safe: one checker serves one sequence of rows.
 *
 * <pre>{@code
 * RowChecker checker = RowChecker.of(contract, Instant.now());
 * RowChecker.Verdict v = checker.check(row);
 * if (!v.conforms()) {
 *   System.out.println("schema: " + v.schemaViolation().orElseThrow());
 * } else if (!v.violations().isEmpty()) {
 *   System.out.println("rules: " + v.violations());    // rule id -> reason
 * }
 * }</pre>
 *
 * <p>Reasons name the field and the limit, never a value of a sensitive field, like the run's.
 */
public final class RowChecker {
  private final Conformance conformance;
  private final RowCheck[] checks;

  private RowChecker(DataContract contract, Instant now) {
    Schema schema = contract.schema();
    this.conformance = new Conformance(schema);
    this.checks = RowChecks.compileEffective(contract, now);
  }

  /**
   * A checker of {@code contract}'s schema and row rules.
   *
   * @param now the instant "in the future" ({@code Rules.notInFuture}) is measured from
   * @throws IllegalArgumentException when a rule does not fit its field
   */
  public static RowChecker of(DataContract contract, Instant now) {
    return new RowChecker(Objects.requireNonNull(contract, "contract"),
        Objects.requireNonNull(now, "now"));
  }

  /**
   * Checks one row, bound to any schema with the contract's field names (values are converted to
   * the canonical types as a run converts them). Every rule is checked, except that a row another
   * rule rejects (any action but {@code WARN}) skips the uniqueness checks, as in a run, so it
   * never claims its keys; a row that reaches them claims its keys for the rows after it.
   */
  public Verdict check(Row row) {
    Objects.requireNonNull(row, "row");
    Row conformed = conformance.conform(row);
    if (conformed == null) {
      return new Verdict(null, conformance.reason(), Map.of());
    }
    Map<String, String> violations = new LinkedHashMap<>();
    boolean rejected = false;
    for (RowCheck c : checks) {
      if (rejected && RowChecks.isUniqueness(c)) {
        continue; // as in a run: a rejected row never claims its key
      }
      if (!c.test(conformed)) {
        violations.put(c.rule().id(), c.reason(conformed));
        rejected |= c.rule().action() != Action.WARN;
      }
    }
    return new Verdict(conformed, null, violations);
  }

  /**
   * A string that the regular expression {@code pattern} matches, the {@code index}-th of its
   * shortest ones (distinct indexes give distinct strings until they run out), for generating
   * rows that satisfy a {@code Rules.pattern} rule. Empty when the pattern is more than a
   * sequence of character classes and literals with counted quantifiers.
   */
  public static Optional<String> patternSample(String pattern, long index) {
    SimplePattern p = SimplePattern.compile(Objects.requireNonNull(pattern, "pattern"));
    return p == null ? Optional.empty() : Optional.of(p.sample(index));
  }

  /**
   * What {@link #check} found.
   *
   * @param conformed the row bound to the contract's schema with canonical values; null when it
   *     does not conform
   * @param schemaReason why it does not conform; null when it does
   * @param violations per rule id violated, in evaluation order, the reason
   */
  public record Verdict(Row conformed, String schemaReason, Map<String, String> violations) {
    public Verdict {
      violations = Collections.unmodifiableMap(new LinkedHashMap<>(violations));
    }

    /** Whether the row conforms to the schema (then the rules were checked). */
    public boolean conforms() {
      return conformed != null;
    }

    /** Why the row does not conform to the schema, if it does not. */
    public Optional<String> schemaViolation() {
      return Optional.ofNullable(schemaReason);
    }

    /** Whether the row conforms and satisfies every rule. */
    public boolean passes() {
      return conforms() && violations.isEmpty();
    }
  }
}
