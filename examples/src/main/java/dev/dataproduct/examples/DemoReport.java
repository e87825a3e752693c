package dev.dataproduct.examples;

import dev.dataproduct.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the demo did, as numbers taken from the runs (the demo's test asserts on them).
 *
 * @param confirmedOrders confirmed orders in the seeded database, bad ones included
 * @param firstRun daily-revenue's first run
 * @param kpiRun country-kpis' run, consuming the first publication from S3
 * @param kpisSawClearTopCustomer whether country-kpis' view of daily-revenue had top_customer
 *     in clear
 * @param ungrantedMessage why country-kpis without a grant was refused
 * @param quarantineReasons rule id to reason of every quarantined row of the first run
 * @param descriptors the ODPS and ODCS files written
 * @param analystRows rows the analyst read
 * @param analystSawClearTopCustomer whether any top_customer the analyst read was in clear
 * @param deniedMessage the message of the denied consumer's AccessDeniedException
 * @param secondRun daily-revenue's second run
 * @param previousPublicationRows rows read from the first S3 publication after the second run
 * @param icebergPublications publications (snapshots) of the Iceberg table after the second run
 * @param icebergTimeTravelRows rows read from the first Iceberg snapshot by time travel
 * @param pages the mesh index and the product pages written, index first
 * @param breakingRun the run with a removed column under the same major version
 * @param breakingChanges the breaking changes it was refused for
 * @param streaming what the streaming product order-events did
 */
public record DemoReport(
    int confirmedOrders,
    RunResult firstRun,
    RunResult kpiRun,
    boolean kpisSawClearTopCustomer,
    String ungrantedMessage,
    Map<String, String> quarantineReasons,
    List<Path> descriptors,
    long analystRows,
    boolean analystSawClearTopCustomer,
    String deniedMessage,
    RunResult secondRun,
    long previousPublicationRows,
    int icebergPublications,
    long icebergTimeTravelRows,
    List<Path> pages,
    RunResult breakingRun,
    List<String> breakingChanges,
    Streaming streaming) {

  /**
   * The streaming step, summed over its micro-batches.
   *
   * @param microBatches runs of the continuous product
   * @param read events read from the input topic
   * @param published events published to the output topic
   * @param quarantined events sent to the quarantine topic
   * @param balanced whether every micro-batch's accounting balanced
   * @param latestRows events an analyst read from the latest publication
   * @param analystSawClearEmail whether any customer_email the analyst read was in clear
   */
  public record Streaming(int microBatches, long read, long published, long quarantined,
      boolean balanced, long latestRows, boolean analystSawClearEmail) {}
}
