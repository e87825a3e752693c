package dev.dataproduct;

import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.ReadContext;
import java.util.Optional;

/**
 * A named source a product reads from, with the schema it expects. An adapter implements it
 * ({@code JdbcInputPort}, {@code S3InputPort}); the runtime adds the read span, the {@code
 * dataproduct.rows.read} counter, schema conformance and row accounting around it.
 *
 * <p>Implementations must allow concurrent {@link #read} calls (concurrent runs of one product)
 * and stream with bounded memory.
 */
public interface InputPort extends AutoCloseable {

  /** The port's name, unique among the product's input ports. */
  String name();

  /** The schema every row yielded conforms to (after conformance by the runtime). */
  Schema schema();

  /** A short name of the storage for {@code dataproduct.port.type}: jdbc, s3, memory. */
  default String type() {
    return "custom";
  }

  /**
   * The dataset this port reads, named by the OpenLineage dataset naming spec (see {@link
   * LineageDataset}), so that the product's lineage links to the upstream producer's. The
   * default, empty, keeps the emitter's name for unnamed ports: {@code <product>.<port>} in
   * its namespace (or what {@code OpenLineageEmitter.Builder.inputDataset} maps the port to).
   */
  default Optional<LineageDataset> lineageDataset() {
    return Optional.empty();
  }

  /**
   * Opens a reader over the port's data.
   *
   * @throws StorageException when the storage fails
   * @throws DataProductException when the data does not match {@link #schema()}, naming the
   *     column
   */
  BatchReader read(ReadContext context);

  /**
   * For {@linkplain DataProduct#runContinuously continuous runs}: waits up to {@code timeout}
   * until the port has data to read, so that an idle stream starts no micro-batch. A stream port
   * (Kafka) keeps what it fetched for the next {@link #read}. The default, for bounded ports, is
   * {@code true} at once.
   */
  default boolean awaitData(java.time.Duration timeout) {
    return true;
  }

  /**
   * Called when a run completed successfully, e.g. to store an incremental-read watermark. The
   * default does nothing.
   */
  default void onRunCommitted(ReadContext context) {}

  /** Releases what the port owns. */
  @Override
  default void close() {}
}
