package dev.dataproduct;

/**
 * Root of every exception the SDK throws. Unchecked: a data product run either returns a {@link
 * RunResult} or fails with one of the children of this class, never with a vendor exception.
 *
 * <p>Messages never contain values of fields classified {@link Classification#PII}, {@link
 * Classification#CONFIDENTIAL} or {@link Classification#RESTRICTED}.
 */
public class DataProductException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataProductException(String message) {
    super(message);
  }

  public DataProductException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * What a log line, a span status or a lineage event shows of {@code error}: the message of the
   * SDK's own exceptions (this class and its children, {@link StorageException} included, whose
   * messages never carry a classified value), and only the class name of any other exception,
   * whose message may quote data. Never null.
   *
   * <pre>{@code
   * LOG.warn("Run failed: {}", DataProductException.describe(result.error().orElseThrow()));
   * }</pre>
   */
  public static String describe(Throwable error) {
    if (error == null) {
      return "unknown error";
    }
    if (error instanceof DataProductException && error.getMessage() != null) {
      return error.getMessage();
    }
    return error.getClass().getName();
  }
}
