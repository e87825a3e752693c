package dev.dataproduct.spi;

import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import java.util.List;

/**
 * One publication being written. The runtime calls {@link #write} for each batch of rows that
 * passed the contract, then exactly one of {@link #commit} or {@link #abort}. Used by one thread
 * at a time.
 */
public interface PublicationWriter {

  /**
   * Stages a batch. Nothing written here may be visible to readers before {@link #commit}. The
   * list is unmodifiable and not reused by the caller: the writer may keep it (e.g. hand it to
   * an encoder thread) after this method returns. Its rows conform to the contract's schema.
   *
   * @throws dev.dataproduct.StorageException when the storage fails
   */
  void write(List<Row> batch);

  /**
   * Makes everything written visible at once, as the port's next publication.
   *
   * @return the publication, with its id, row count and location
   * @throws dev.dataproduct.StorageException when the storage fails; nothing is visible then
   */
  Publication commit();

  /** Discards everything written; readers never see any of it. Idempotent, never throws. */
  void abort();

  /** Bytes written so far, or -1 when the storage cannot tell. */
  default long bytesWritten() {
    return -1;
  }
}
