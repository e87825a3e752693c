package dev.dataproduct.policy;

import java.util.Objects;

/**
 * How often one rule was violated on one port during a run.
 *
 * @param port the output (or input) port
 * @param ruleId the rule, {@code schema} for schema conformance
 * @param action what was done about it
 * @param count how many rows (1 for a dataset rule)
 * @param example the reason given for the first violation (never a classified value)
 */
public record Violation(String port, String ruleId, Action action, long count, String example) {
  public Violation {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(example, "example");
  }
}
