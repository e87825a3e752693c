package dev.dataproduct;

/**
 * A store could not tell whether a commit took effect: the request went out, the answer was lost
 * (a timeout, a dropped connection), and checking afterwards failed too. The publication may be
 * visible or not; readers will see one or the other, never a part of it. Iceberg's {@code
 * CommitStateUnknownException} is the model.
 *
 * <p>Adapters throw it from {@link dev.dataproduct.spi.PublicationWriter#commit()} only when they
 * cannot find out; a commit known to have failed is a plain {@link StorageException}. A writer
 * that throws it keeps everything a committed publication would reference (its data files, a
 * staged manifest): the core still calls {@link dev.dataproduct.spi.PublicationWriter#abort()},
 * which then releases resources but deletes nothing the commit may have made visible.
 *
 * <p>The run reports it as {@link RunOutcome#COMMIT_UNKNOWN}, the port as {@link
 * RunResult.PortState#COMMIT_UNKNOWN}; the message says where to look (a snapshot's summary, a
 * manifest key) before running the product again.
 *
 * <pre>{@code
 * } catch (CommitStateUnknownException e) {      // the vendor's "no answer"
 *   throw new CommitOutcomeUnknownException("Iceberg table " + table + ": the commit of run "
 *       + context.runId() + " has an unknown outcome; look for a snapshot with its run id",
 *       "COMMIT_STATE_UNKNOWN", e);
 * }
 * }</pre>
 */
public class CommitOutcomeUnknownException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was being committed where, and where to look for the outcome
   * @param vendorCode the vendor's error code, or {@code null}
   * @param cause the vendor's exception (sanitized like every {@link StorageException} cause)
   */
  public CommitOutcomeUnknownException(String message, String vendorCode, Throwable cause) {
    super(message, vendorCode, cause);
  }
}
