package dev.dataproduct.spi;

/**
 * A {@link PublicationStore} whose publication can be written by many processes at once (the
 * executors of a Spark job) and committed once, by the process that opened it: the same
 * publication protocol, split in two. The engine opens a {@link DistributedWrite} where the run is
 * orchestrated, ships its {@link DistributedWrite#parts() part writers} to the workers, each of
 * which writes one {@link DistributedWrite.Part} and returns it, and commits the parts it got
 * back in one {@link DistributedWrite#commit}: readers see the previous publication or the new
 * one, never some of the parts.
 *
 * <pre>{@code
 * if (PortStorage.store(port) instanceof DistributedStore store) {
 *   DistributedWrite write = store.openDistributed(context);
 *   DistributedWrite.PartWriters writers = write.parts();        // Serializable: ship it
 *   // on a worker:
 *   DistributedWrite.PartWriter w = writers.open(partition, attempt);
 *   rows.forEach(w::write);
 *   DistributedWrite.Part part = w.finish();                     // send it back
 *   // where the run is orchestrated, with every part:
 *   Publication p = write.commit(parts);                         // or write.abort(parts)
 * }
 * }</pre>
 *
 * <p>A store implements it when its commit can reference data written elsewhere (Iceberg data
 * files added in one snapshot, S3 objects listed in one manifest). Stores that cannot (a JDBC
 * transaction, a Kafka transaction) do not implement it.
 */
public interface DistributedStore extends PublicationStore {

  /**
   * Opens a publication whose rows workers write. The contract and run are those of {@code
   * context}, as for {@link #open}; nothing is visible until {@link DistributedWrite#commit}.
   *
   * @throws dev.dataproduct.StorageException when the storage fails
   */
  DistributedWrite openDistributed(WriteContext context);
}
