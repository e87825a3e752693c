package dev.dataproduct.spi;

/**
 * What the runtime hands an {@link dev.dataproduct.InputPort} when a run reads it. Adapters may
 * add span attributes (OpenTelemetry semantic conventions: {@code db.system.name}, {@code
 * aws.s3.bucket}) through {@link #setAttribute}.
 */
public interface ReadContext {

  /** The product being run. */
  String productName();

  /** The product's version. */
  String productVersion();

  /**
   * The domain of the product being run: with {@link #productName()}, the identity a product
   * reads another product's port as ({@link dev.dataproduct.ProductInputPort}).
   */
  default String productDomain() {
    return "";
  }

  /** The telemetry of the product being run (the global instances outside a run). */
  default dev.dataproduct.telemetry.Telemetry telemetry() {
    return dev.dataproduct.telemetry.Telemetry.global();
  }

  /** The input port being read. */
  String portName();

  /** The id of the run, unique per {@code run()}. */
  String runId();

  /** How many rows a batch should hold. */
  int batchSize();

  /**
   * Adds an attribute to the read span. Never throws. Keys in the SDK's own {@code dataproduct.}
   * namespace are ignored: the core's attributes cannot be overwritten.
   */
  void setAttribute(String key, String value);

  /**
   * Quarantines one record of the input that cannot be read as a row at all (malformed JSON, a
   * CSV record with the wrong number of fields), so that the run goes on without losing it. The
   * record counts as read and as quarantined, under the rule {@link
   * dev.dataproduct.Quarantine#MALFORMED_RULE_ID}; its quarantine record holds {@code record} as
   * {@code {"raw": "..."}}. Call it from the {@link BatchReader}'s methods, on their thread. A
   * port offers this as an option: failing the read stays the default for malformed input.
   *
   * <pre>{@code
   * try {
   *   row = decoder.next();
   * } catch (MalformedRecordException e) {   // dev.dataproduct.format
   *   context.quarantine(e.getMessage(), e.record());
   * }
   * }</pre>
   *
   * @param reason what is wrong and where (object, line), without the data: it reaches spans,
   *     meters and logs
   * @param record the record's text as read, kept in the quarantine only; null when it could not
   *     be kept
   * @throws UnsupportedOperationException when this context cannot quarantine (the default, for
   *     contexts outside a run)
   */
  default void quarantine(String reason, String record) {
    throw new UnsupportedOperationException("This read context of port '" + portName()
        + "' cannot quarantine records; read the port in a DataProduct run");
  }
}
