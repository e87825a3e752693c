package dev.dataproduct.internal;

import dev.dataproduct.Row;
import dev.dataproduct.policy.RowRule;

/** A {@link RowRule} compiled against a schema: one per rule, port and run. Not thread-safe. */
public interface RowCheck {

  /** The rule it checks. */
  RowRule rule();

  /** Whether the row satisfies the rule; the row conforms to the schema it was compiled for. */
  boolean test(Row row);

  /** Why the row fails the rule; never contains a value of a sensitive field. */
  String reason(Row row);
}
