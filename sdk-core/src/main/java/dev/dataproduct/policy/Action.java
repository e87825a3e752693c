package dev.dataproduct.policy;

/** What happens when a rule is violated. */
public enum Action {
  /** Abort every publication of the run: nothing of it becomes visible. */
  FAIL,
  /** Send the row to the port's quarantine sink with rule id and reason; publish the rest. */
  QUARANTINE,
  /** Count the violation and publish the row anyway. */
  WARN
}
