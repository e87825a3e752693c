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
}
