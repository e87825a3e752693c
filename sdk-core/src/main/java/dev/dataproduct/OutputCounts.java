package dev.dataproduct;

/**
 * The accounting of one output port in one run: {@code received = written + quarantined +
 * discarded}, where discarded rows were accepted but not published because the run failed.
 *
 * @param port the output port
 * @param received rows the transform emitted to the port
 * @param written rows published (0 when the run failed)
 * @param quarantined rows sent to the port's quarantine sink
 * @param discarded rows accepted but not published because the run failed
 * @param filtered rows the transform dropped for this port (row-wise transforms only, else 0)
 */
public record OutputCounts(
    String port, long received, long written, long quarantined, long discarded, long filtered) {

  /** Whether {@code received = written + quarantined + discarded}. */
  public boolean balanced() {
    return received == written + quarantined + discarded;
  }
}
