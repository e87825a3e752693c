package dev.dataproduct;

import java.util.Objects;

/**
 * A storage system failed (database, object store, file system). Always carries the vendor
 * exception as its cause, sanitized: the cause chain holds a {@link VendorException} (class,
 * codes, constraint name, stack trace; never the vendor's message, which may quote row values)
 * in place of each vendor exception, so {@code SQLException} and {@code S3Exception} never
 * escape, nor do the values their messages hold. Adapters that know more about their vendor's
 * exceptions pass a cause already sanitized with {@link VendorException#sanitize(Throwable,
 * java.util.function.Function)}.
 *
 * <p>The message says what failed where and what to check, and never contains a value (a
 * driver's message that may quote one is left out): the SDK shows it in the run's log line, span
 * status and OpenLineage event ({@link DataProductException#describe}). The run adds the product's
 * port and what it was doing with it when the adapter's message does not name the port.
 */
public class StorageException extends DataProductException {
  private static final long serialVersionUID = 1L;
  private final String vendorCode;

  public StorageException(String message, Throwable cause) {
    this(message, null, cause);
  }

  /**
   * @param vendorCode the vendor's error code (SQL state, S3 error code), or {@code null}
   */
  public StorageException(String message, String vendorCode, Throwable cause) {
    super(
        vendorCode == null ? message : message + " [" + vendorCode + "]",
        VendorException.sanitize(Objects.requireNonNull(cause, "cause")));
    this.vendorCode = vendorCode;
  }

  /** The vendor's error code (SQL state, S3 error code), or {@code null} when unknown. */
  public String vendorCode() {
    return vendorCode;
  }
}
