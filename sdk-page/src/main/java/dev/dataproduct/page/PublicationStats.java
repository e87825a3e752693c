package dev.dataproduct.page;

import dev.dataproduct.Publication;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One publication of an output port as its page shows it: when, how many rows were published
 * and how many the same run quarantined.
 *
 * @param id the publication id
 * @param committedAt when it became visible
 * @param rows rows published
 * @param quarantinedRows rows of the same run sent to the port's quarantine
 * @param contractVersion the contract version it was checked against
 */
public record PublicationStats(long id, Instant committedAt, long rows, long quarantinedRows,
    String contractVersion) {
  public PublicationStats {
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(contractVersion, "contractVersion");
    if (rows < 0 || quarantinedRows < 0) {
      throw new IllegalArgumentException("Row counts must be >= 0, were " + rows + " and "
          + quarantinedRows);
    }
  }

  /** Quarantined rows over all rows the run handed to the port (0 when there were none). */
  public double quarantineRatio() {
    long all = rows + quarantinedRows;
    return all == 0 ? 0 : (double) quarantinedRows / all;
  }

  /**
   * Pairs each publication with the quarantine publication of the same run (by run id).
   *
   * @param published the port's publications, by ascending id
   * @param quarantine the port's quarantine publications (empty when it has none)
   */
  public static List<PublicationStats> of(List<Publication> published,
      List<Publication> quarantine) {
    Map<String, Long> quarantined = new HashMap<>();
    for (Publication q : quarantine) {
      quarantined.merge(q.runId(), q.rows(), Long::sum);
    }
    List<PublicationStats> out = new ArrayList<>(published.size());
    for (Publication p : published) {
      out.add(new PublicationStats(p.id(), p.committedAt(), p.rows(),
          quarantined.getOrDefault(p.runId(), 0L), p.contractVersion()));
    }
    return List.copyOf(out);
  }
}
