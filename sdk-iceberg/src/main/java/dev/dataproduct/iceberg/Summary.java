package dev.dataproduct.iceberg;

/**
 * The snapshot summary properties and table properties through which an Iceberg table records
 * the SDK's publications. A snapshot with {@link #RUN_ID} is a publication; its id is the
 * snapshot's sequence number (monotonic per table, assigned by Iceberg at commit, also on a
 * retried commit, and kept across restarts).
 */
final class Summary {
  static final String PRODUCT = "dataproduct.product";
  static final String PORT = "dataproduct.port";
  static final String RUN_ID = "dataproduct.run-id";
  static final String ROWS = "dataproduct.rows";
  static final String CONTRACT_VERSION = "dataproduct.contract-version";
  /** A random token telling a publication's snapshot from a concurrent one of the same run id. */
  static final String TOKEN = "dataproduct.publication-token";
  /** Table property prefix: the ODCS document of each contract version published. */
  static final String CONTRACT_PREFIX = "dataproduct.contract.";

  private Summary() {}
}
