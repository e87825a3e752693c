package dev.dataproduct.testing;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link SmallHeapUniquenessTest}: publishes {@code rows} rows whose primary
 * keys are spread over the long range (every thousandth a repeat) to a store that counts rows and
 * keeps none, and prints the run's outcome. Arguments: rows, uniqueness memory in bytes ({@code
 * default} or a number), spill directory.
 */
public final class SparseKeysRun {
  static final Schema EVENTS = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("kind", FieldType.STRING));

  private SparseKeysRun() {}

  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    DataContract contract = DataContract.builder("events").version("1.0.0").schema(EVENTS)
        .build();
    CountingStore store = new CountingStore();
    OutputPort out = OutputPort.builder("events", store).contract(contract).build();
    DataProduct.Builder b = DataProduct.builder("sparse-keys").version("1.0.0").domain("test")
        .owner(Owner.business("ana@corp.example"), Owner.technical("eng"))
        .input(InMemoryInputPort.generated("raw", EVENTS, rows, SparseKeysRun::event))
        .output(out)
        .batchSize(10_000)
        .spillDirectory(Path.of(args[2]));
    if (!args[1].equals("default")) {
      b.uniquenessMemory(Long.parseLong(args[1]));
    }
    long started = System.nanoTime();
    RunResult run = b.build().run();
    System.out.println("RESULT outcome=" + run.outcome()
        + " written=" + run.output("events").written()
        + " quarantined=" + run.output("events").quarantined()
        + " published=" + store.committed
        + " seconds=" + (System.nanoTime() - started) / 1_000_000_000.0
        + " maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("ERROR " + run.error().map(Throwable::getMessage).orElse("none"));
  }

  /** Row {@code i}: a key from a fixed pseudo-random sequence; every thousandth repeats one. */
  static Row event(long i) {
    long key = i % 1000 == 999 ? idOf(i - 500) : idOf(i);
    return Row.of(EVENTS, key, "k");
  }

  private static long idOf(long i) {
    return new SplittableRandom(i * 0x9E3779B97F4A7C15L).nextLong();
  }

  /** Counts the rows of each publication and keeps none of them. */
  static final class CountingStore implements PublicationStore {
    private final InMemoryPublicationStore quarantine = InMemoryPublicationStore.create();
    long committed;

    @Override
    public String type() {
      return "counting";
    }

    @Override
    public PublicationWriter open(WriteContext context) {
      return new PublicationWriter() {
        private long rows;

        @Override
        public void write(List<Row> batch) {
          rows += batch.size();
        }

        @Override
        public Publication commit() {
          committed++;
          return new Publication(context.portName(), committed, context.runId(), rows, -1,
              context.contract().version().toString(), Instant.now(), "nowhere");
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public List<Publication> publications() {
      return List.of();
    }

    @Override
    public BatchReader read(Publication publication, Schema schema, int batchSize) {
      return BatchReader.of(schema, List.of());
    }

    @Override
    public Optional<DataContract> contractOf(Publication publication) {
      return Optional.empty();
    }

    @Override
    public PublicationStore quarantine() {
      return quarantine;
    }
  }
}
