package dev.dataproduct;

/** What an output port does with a row whose values do not match its contract's schema. */
public enum OnNonConforming {
  /** Quarantine the row with rule id {@code schema} and a reason naming the field (default). */
  QUARANTINE,
  /** Fail the run: nothing of it is published. */
  FAIL
}
