package dev.dataproduct;

/** How a run ended. */
public enum RunOutcome {
  /** Everything published, no rule violated. */
  SUCCEEDED,
  /** Everything published; some rows were quarantined or some WARN rules violated. */
  SUCCEEDED_WITH_WARNINGS,
  /** Nothing of the run is visible (see {@link RunResult#error()}). */
  FAILED,
  /**
   * The run failed after some output ports had committed: their publications are visible, the
   * others' are not ({@link RunResult#portStates()}, {@link RunResult#error()}). Ports commit one
   * after another, in the order they were declared, once every check of the run has passed; a
   * store that fails at its commit leaves the ports committed before it published.
   */
  PARTIALLY_PUBLISHED,
  /**
   * The run failed at a port's commit whose outcome its store could not tell (the answer was
   * lost: {@link CommitOutcomeUnknownException}): that port's publication may be visible or not
   * ({@link RunResult.PortState#COMMIT_UNKNOWN}), the ports committed before it are published,
   * those after it are not. The error says where to look; find out before running the product
   * again, or an {@code APPEND} port may get the rows twice.
   */
  COMMIT_UNKNOWN
}
