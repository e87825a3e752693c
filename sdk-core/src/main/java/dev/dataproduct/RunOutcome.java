package dev.dataproduct;

/** How a run ended. */
public enum RunOutcome {
  /** Everything published, no rule violated. */
  SUCCEEDED,
  /** Everything published; some rows were quarantined or some WARN rules violated. */
  SUCCEEDED_WITH_WARNINGS,
  /** Nothing of the run is visible (see {@link RunResult#error()}). */
  FAILED
}
