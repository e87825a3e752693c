package dev.dataproduct.spi;

import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import java.io.Serializable;
import java.util.List;

/**
 * One publication written by many workers, opened by {@link DistributedStore#openDistributed}.
 * Where it was opened, the engine calls exactly one of {@link #commit} or {@link #abort}; workers
 * write through the {@link #parts()} factory. Nothing any worker writes is visible before {@link
 * #commit}.
 */
public interface DistributedWrite {

  /** The factory of part writers, serializable so that it can be shipped to the workers. */
  PartWriters parts();

  /**
   * Makes the rows of {@code parts} visible at once, as the port's next publication. Each part
   * counts once: an engine that ran a partition twice (a retried task) passes one of its parts and
   * aborts the others.
   *
   * @return the publication, with its id, row count and location
   * @throws dev.dataproduct.StorageException when the storage fails; nothing is visible then, and
   *     the parts' data is deleted
   * @throws dev.dataproduct.CommitOutcomeUnknownException when the store cannot tell whether the
   *     commit took effect (the parts' data is then kept)
   */
  Publication commit(List<Part> parts);

  /**
   * Discards the publication: deletes the data of {@code parts} and whatever else of this
   * publication the store can find (parts whose worker never reported back). Never throws;
   * idempotent.
   */
  void abort(List<Part> parts);

  /** Creates the writer of one part, on a worker. */
  interface PartWriters extends Serializable {

    /**
     * A writer for one part.
     *
     * @param partition the engine's partition number
     * @param attempt the engine's attempt id of that partition (unique per attempt), so that two
     *     attempts never write to the same place
     */
    PartWriter open(int partition, long attempt);
  }

  /** Writes the rows of one part, on one worker thread. */
  interface PartWriter {

    /**
     * Writes one row that passed the contract (conformed to its schema).
     *
     * @throws dev.dataproduct.StorageException when the storage fails
     */
    void write(Row row);

    /** Ends the part: its data is written, not visible; the result goes to {@link #commit}. */
    Part finish();

    /** Deletes what this writer wrote. Never throws; idempotent. */
    void abort();
  }

  /** What one worker wrote: small (file names and counts, never rows), serializable. */
  interface Part extends Serializable {

    /** The rows it holds. */
    long rows();

    /** The bytes it holds, or -1 when the store cannot tell. */
    long bytes();
  }
}
