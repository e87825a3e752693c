package dev.dataproduct.internal;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.StorageException;

/**
 * Makes a storage error say where it happened: the product's port and what the run was doing
 * with it. An adapter's {@link StorageException} says what failed in its own terms (a table, an
 * S3 key) and what to check; the stage that called the store adds the port and the step, unless
 * the adapter named the port already. Only the SDK's own messages are combined, so the result
 * carries no value the adapter's message did not. A {@link CommitOutcomeUnknownException} stays
 * one.
 */
final class PortErrors {
  private PortErrors() {}

  /**
   * {@code error}, or the same storage exception (same vendor cause, code and stack) whose
   * message starts with {@code kind} port {@code port} and what the run was {@code doing} (e.g.
   * {@code "committing the publication"}).
   *
   * @param kind {@code Input} or {@code Output}
   */
  static RuntimeException where(String kind, String port, String doing, RuntimeException error) {
    if (!(error instanceof StorageException)) {
      return error;
    }
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (message.contains("port '" + port + "'")) {
      return error;
    }
    StorageException s = (StorageException) error;
    String code = s.vendorCode();
    String suffix = code == null ? null : " [" + code + "]";
    if (suffix != null && message.endsWith(suffix)) {
      message = message.substring(0, message.length() - suffix.length());
    }
    // the same failure, said with its place: the vendor's exception stays the cause, the
    // adapter's stack and suppressed exceptions are kept
    String text = kind + " port '" + port + "': " + doing + " failed: " + message;
    Throwable cause = s.getCause() != null ? s.getCause() : s;
    StorageException located = s instanceof CommitOutcomeUnknownException
        ? new CommitOutcomeUnknownException(text, code, cause)
        : new StorageException(text, code, cause);
    located.setStackTrace(s.getStackTrace());
    for (Throwable suppressed : s.getSuppressed()) {
      located.addSuppressed(suppressed);
    }
    return located;
  }
}
