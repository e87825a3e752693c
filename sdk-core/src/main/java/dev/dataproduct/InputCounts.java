package dev.dataproduct;

/**
 * The accounting of one input port in one run: {@code read = quarantined + delivered}.
 *
 * @param port the input port
 * @param read rows read from the storage
 * @param quarantined rows rejected by schema conformance or an input expectation
 * @param delivered rows handed to the transform
 */
public record InputCounts(String port, long read, long quarantined, long delivered) {

  /** Whether {@code read = quarantined + delivered}. */
  public boolean balanced() {
    return read == quarantined + delivered;
  }
}
