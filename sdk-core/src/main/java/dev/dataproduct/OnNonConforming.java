package dev.dataproduct;

/**
 * What a port does with a row whose values do not match its contract's schema (output ports;
 * default {@link #QUARANTINE}), or with an input record that cannot be read as a row at all
 * (raw-ingestion input ports such as {@code S3InputPort.files}; default {@link #FAIL}).
 */
public enum OnNonConforming {
  /**
   * Quarantine the row with rule id {@code schema} and a reason naming the field, or the record
   * with rule id {@code malformed} and a reason naming the file and line; the run goes on.
   */
  QUARANTINE,
  /** Fail the run: nothing of it is published. */
  FAIL
}
