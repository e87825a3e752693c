package dev.dataproduct.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A quality rule of a data contract: a {@link RowRule} or a {@link DatasetRule}. Every rule has an
 * id (stable: it is the {@code rule} tag of {@code dataproduct.policy.violations}), a severity and
 * an action.
 */
public interface Rule {

  /** The id: letters, digits, {@code - _ . :}, at most 128 characters. */
  String id();

  Severity severity();

  Action action();

  /** What the rule checks, for people. */
  Optional<String> description();

  /** Validates a rule id and returns it. */
  static String checkId(String id) {
    if (id == null || !IdPattern.ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Rule id '" + id
          + "' is invalid; use letters, digits and - _ . : (at most 128 characters)");
    }
    return id;
  }

  /** Holder of the id pattern (interfaces cannot have private static fields). */
  final class IdPattern {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private IdPattern() {}
  }
}
