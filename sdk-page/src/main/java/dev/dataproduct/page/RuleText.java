package dev.dataproduct.page;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.RowRule;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a rule checks, in words. The values of a rule on a field classified confidential,
 * restricted or pii (bounds, allowed values, pattern) are not shown: the page says they are
 * hidden.
 */
final class RuleText {
  private RuleText() {}

  static String of(RowRule r, Schema schema) {
    String field = r.field().orElse(null);
    Optional<Field> f = field == null ? Optional.empty() : schema.findField(field);
    boolean hidden = f.isPresent() && f.get().isSensitive();
    String on = field == null ? "row" : field;
    String values = hidden ? " (values hidden: field classified "
        + f.get().classification().odcsName() + ")" : null;
    return switch (r.kind()) {
      case NOT_NULL -> on + " is present";
      case UNIQUE -> on + " is unique within a publication";
      case NOT_IN_FUTURE -> on + " is not in the future";
      case CUSTOM -> "custom check" + (field == null ? "" : " on " + on);
      case RANGE -> values != null ? on + " within a range" + values
          : on + bounds(r.min(), r.max(), "");
      case LENGTH -> values != null ? on + " length within bounds" + values
          : on + " length" + bounds(r.min(), r.max(), " characters");
      case PATTERN -> values != null ? on + " matches a pattern" + values
          : on + " matches " + r.pattern();
      case ALLOWED_VALUES -> values != null ? on + " is one of the allowed values" + values
          : on + " is one of " + new TreeSet<>(r.allowedValues().stream().map(String::valueOf)
              .toList());
    };
  }

  static String of(DatasetRule r) {
    if (r.kind() == DatasetRule.Kind.ROW_COUNT) {
      return "row count" + bounds(r.min(), r.max(), "");
    }
    return "custom check of the whole publication";
  }

  private static String bounds(Object min, Object max, String unit) {
    if (min != null && max != null) {
      return " between " + min + " and " + max + unit;
    }
    if (min != null) {
      return " at least " + min + unit;
    }
    if (max != null) {
      return " at most " + max + unit;
    }
    return " (no bounds)";
  }
}
