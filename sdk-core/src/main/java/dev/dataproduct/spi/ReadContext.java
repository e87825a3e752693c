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
}
