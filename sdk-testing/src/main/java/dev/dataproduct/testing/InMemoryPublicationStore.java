package dev.dataproduct.testing;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PublicationStore} in memory, with the full publication protocol: staged rows are
 * invisible until commit, commit assigns the next id atomically, abort leaves nothing, every
 * publication stays readable. Thread-safe. Failures can be injected to test how a product
 * behaves when its storage breaks.
 *
 * <pre>{@code
 * InMemoryPublicationStore store = InMemoryPublicationStore.create();
 * OutputPort port = OutputPort.builder("revenue", store).contract(contract).build();
 * ...
 * List<Row> published = store.rows(store.latest().orElseThrow().id());
 * List<Row> rejected = store.quarantineStore().allRows();
 * }</pre>
 */
public final class InMemoryPublicationStore implements PublicationStore {

  /** Where an injected failure strikes. */
  public enum Phase {
    OPEN,
    WRITE,
    COMMIT
  }

  private final String name;
  /** Whether the store was given a name, which makes it a lineage dataset of its own. */
  private final boolean named;
  private final Clock clock;
  private final boolean isQuarantine;
  private final ReentrantLock commitLock = new ReentrantLock();
  private final List<Publication> publications = new CopyOnWriteArrayList<>();
  private final Map<Long, List<Row>> data = new ConcurrentHashMap<>();
  private final Map<Long, DataContract> contracts = new ConcurrentHashMap<>();
  private final Map<Phase, AtomicReference<RuntimeException>> failures = new ConcurrentHashMap<>();
  private volatile InMemoryPublicationStore quarantine;
  private long nextId = 1;

  private InMemoryPublicationStore(String name, Clock clock, boolean isQuarantine) {
    this(name, false, clock, isQuarantine);
  }

  private InMemoryPublicationStore(String name, boolean named, Clock clock,
      boolean isQuarantine) {
    this.name = name;
    this.named = named;
    this.clock = clock;
    this.isQuarantine = isQuarantine;
  }

  /** An empty store. */
  public static InMemoryPublicationStore create() {
    return new InMemoryPublicationStore("memory", Clock.systemUTC(), false);
  }

  /** An empty store whose commit times come from {@code clock}. */
  public static InMemoryPublicationStore create(Clock clock) {
    return new InMemoryPublicationStore("memory", clock, false);
  }

  /**
   * An empty store named {@code name} (as {@link InMemoryOutputPort} names its store after the
   * port): its OpenLineage dataset is namespace {@code memory}, name {@code name}. Stores made by
   * {@link #create()} have no name and keep the emitter's {@code <product>.<port>}.
   */
  public static InMemoryPublicationStore named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Store name must not be blank");
    }
    return new InMemoryPublicationStore(name, true, Clock.systemUTC(), false);
  }

  /**
   * The in-memory store behind {@code port}.
   *
   * @throws IllegalArgumentException when the port is not backed by one
   */
  public static InMemoryPublicationStore of(dev.dataproduct.OutputPort port) {
    if (PortStorage.store(port) instanceof InMemoryPublicationStore) {
      return (InMemoryPublicationStore) PortStorage.store(port);
    }
    throw new IllegalArgumentException("Output port '" + port.name() + "' is backed by "
        + PortStorage.store(port).getClass().getSimpleName() + ", not an InMemoryPublicationStore");
  }

  /** Makes the next operation of {@code phase} throw {@code failure} (once). */
  public InMemoryPublicationStore failNext(Phase phase, RuntimeException failure) {
    failures.computeIfAbsent(phase, p -> new AtomicReference<>()).set(failure);
    return this;
  }

  private void maybeFail(Phase phase) {
    AtomicReference<RuntimeException> ref = failures.get(phase);
    RuntimeException e = ref == null ? null : ref.getAndSet(null);
    if (e != null) {
      throw new StorageException("Injected " + phase + " failure in " + name, "INJECTED", e);
    }
  }

  @Override
  public String type() {
    return "memory";
  }

  /**
   * Namespace {@code memory} and the store's name, when it was {@linkplain #named named} (its
   * quarantine: the name plus {@code -quarantine}); empty otherwise. The data lives in this JVM
   * only, so the dataset joins nothing outside it.
   */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return named ? Optional.of(LineageDataset.of("memory", name)) : Optional.empty();
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    maybeFail(Phase.OPEN);
    return new Writer(context);
  }

  @Override
  public List<Publication> publications() {
    return List.copyOf(publications);
  }

  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    List<Row> rows = data.get(publication.id());
    if (rows == null) {
      throw new DataProductException("No publication " + publication.id() + " in " + name);
    }
    List<List<Row>> batches = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += batchSize) {
      List<Row> b = new ArrayList<>(Math.min(batchSize, rows.size() - i));
      for (Row r : rows.subList(i, Math.min(rows.size(), i + batchSize))) {
        b.add(r.schema().equals(schema) ? r : Row.fromMap(schema, project(r, schema)));
      }
      batches.add(List.copyOf(b));
    }
    return BatchReader.of(schema, batches);
  }

  private static Map<String, Object> project(Row r, Schema schema) {
    Map<String, Object> m = new java.util.HashMap<>();
    for (String f : schema.fieldNames()) {
      if (r.schema().contains(f)) {
        m.put(f, r.get(f));
      }
    }
    return m;
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    return Optional.ofNullable(contracts.get(publication.id()));
  }

  /**
   * Nothing to release: the store holds no thread or connection, and its rows stay readable for
   * assertions after the product that published them is closed.
   */
  @Override
  public void close() {}

  @Override
  public PublicationStore quarantine() {
    return quarantineStore();
  }

  /** The store quarantined rows go to (created on first use; a quarantine's is itself). */
  public InMemoryPublicationStore quarantineStore() {
    if (isQuarantine) {
      return this;
    }
    InMemoryPublicationStore q = quarantine;
    if (q == null) {
      synchronized (publications) {
        if (quarantine == null) {
          quarantine = new InMemoryPublicationStore(name + "-quarantine", named, clock, true);
        }
        q = quarantine;
      }
    }
    return q;
  }

  /** The rows of publication {@code id}. */
  public List<Row> rows(long id) {
    List<Row> rows = data.get(id);
    if (rows == null) {
      throw new IllegalArgumentException("No publication " + id + "; publications are "
          + publications.stream().map(Publication::id).toList());
    }
    return rows;
  }

  /** The rows of the newest publication; empty when there is none. */
  public List<Row> latestRows() {
    return latest().map(p -> rows(p.id())).orElse(List.of());
  }

  /** The rows of every publication, oldest first (quarantine stores: every rejected row). */
  public List<Row> allRows() {
    List<Row> all = new ArrayList<>();
    for (Publication p : publications) {
      all.addAll(data.get(p.id()));
    }
    return all;
  }

  /** Every quarantine record written for this store's port. */
  public List<Row> quarantinedRows() {
    return quarantineStore().allRows();
  }

  @Override
  public String toString() {
    return "InMemoryPublicationStore{" + name + ", " + publications.size() + " publications}";
  }

  private final class Writer implements PublicationWriter {
    private final WriteContext context;
    private final List<Row> staged = new ArrayList<>();
    private boolean finished;

    Writer(WriteContext context) {
      this.context = context;
      if (isQuarantine && !context.contract().schema().equals(Quarantine.SCHEMA)) {
        throw new IllegalArgumentException("A quarantine store takes Quarantine.SCHEMA rows");
      }
    }

    @Override
    public void write(List<Row> batch) {
      if (finished) {
        throw new IllegalStateException("Publication already committed or aborted");
      }
      maybeFail(Phase.WRITE);
      staged.addAll(batch);
    }

    @Override
    public Publication commit() {
      if (finished) {
        throw new IllegalStateException("Publication already committed or aborted");
      }
      maybeFail(Phase.COMMIT);
      commitLock.lock();
      try {
        long id = nextId++;
        Publication p = new Publication(context.portName(), id, context.runId(), staged.size(),
            -1, context.contract().version().toString(), clock.instant(),
            "memory:" + context.portName() + "/" + id);
        data.put(id, List.copyOf(staged));
        contracts.put(id, context.contract());
        publications.add(p);
        finished = true;
        return p;
      } finally {
        commitLock.unlock();
      }
    }

    @Override
    public void abort() {
      finished = true;
      staged.clear();
    }
  }
}
