package dev.dataproduct.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link DatasetRule} sees of a publication before it is committed.
 *
 * @param port the output port
 * @param rows rows accepted for publication
 * @param quarantined rows sent to quarantine
 * @param violations violations per rule id (all actions)
 */
public record DatasetStats(String port, long rows, long quarantined, Map<String, Long> violations) {
  public DatasetStats {
    Objects.requireNonNull(port, "port");
    violations = Map.copyOf(violations);
  }

  /** Share of received rows that were quarantined, 0 when none were received. */
  public double quarantineRatio() {
    long total = rows + quarantined;
    return total == 0 ? 0 : (double) quarantined / total;
  }
}
