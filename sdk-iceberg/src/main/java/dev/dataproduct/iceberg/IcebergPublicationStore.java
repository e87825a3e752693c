package dev.dataproduct.iceberg;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.Field;
import dev.dataproduct.Publication;
import dev.dataproduct.StorageException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.DistributedStore;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Iceberg table as a publication store: a publication is one snapshot, its id the snapshot's
 * sequence number. Rows rejected on the port go to the sibling table {@code <table>_quarantine}.
 * A publication can also be written by many workers ({@link DistributedStore}: data files written
 * on a Spark job's executors) and committed once, in the same snapshot shape.
 */
final class IcebergPublicationStore implements DistributedStore {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergPublicationStore.class);
  /** Commits to one table are serialised within the JVM (Iceberg retries across processes). */
  private static final Map<String, ReentrantLock> COMMIT_LOCKS = new ConcurrentHashMap<>();

  private final Catalog catalog;
  private final TableIdentifier id;
  private final boolean overwrite;
  private final int retainLast;
  private final Duration retainFor;
  private final long targetFileBytes;
  private final IcebergPublicationStore quarantine;
  private volatile Table table;

  IcebergPublicationStore(Catalog catalog, TableIdentifier id, boolean overwrite, int retainLast,
      Duration retainFor, long targetFileBytes, boolean isQuarantine) {
    this.catalog = catalog;
    this.id = id;
    this.overwrite = overwrite;
    this.retainLast = retainLast;
    this.retainFor = retainFor;
    this.targetFileBytes = targetFileBytes;
    this.quarantine = isQuarantine ? null : new IcebergPublicationStore(catalog,
        TableIdentifier.of(id.namespace(), id.name() + "_quarantine"), false, 0, null,
        targetFileBytes, true);
  }

  TableIdentifier identifier() {
    return id;
  }

  boolean isQuarantine() {
    return quarantine == null;
  }

  long targetFileBytes() {
    return targetFileBytes;
  }

  @Override
  public String type() {
    return "iceberg";
  }

  /** The table, created from {@code schema} the first time a publication opens. */
  private Table table(dev.dataproduct.Schema schema) {
    Table t = table;
    if (t != null) {
      return t;
    }
    try {
      if (catalog.tableExists(id)) {
        t = catalog.loadTable(id);
      } else {
        try {
          t = catalog.createTable(id, IcebergSchemas.create(schema), PartitionSpec.unpartitioned(),
              Map.of("format-version", "2", "write.parquet.compression-codec", "zstd"));
        } catch (AlreadyExistsException raced) {
          t = catalog.loadTable(id);
        }
      }
    } catch (RuntimeException e) {
      throw failure("loading the table", e);
    }
    if (t instanceof HasTableOperations ops && ops.operations().current().formatVersion() < 2) {
      throw new StorageException("Iceberg table " + id + " is format version "
          + ops.operations().current().formatVersion() + "; publications need format version 2"
          + " or later (snapshot sequence numbers are their ids). Upgrade it with"
          + " table.updateProperties().set(\"format-version\", \"2\")", "ICEBERG",
          new IllegalStateException("format-version < 2"));
    }
    table = t;
    return t;
  }

  /** The existing table, or empty when no publication ever created it. */
  private Optional<Table> existing() {
    Table t = table;
    if (t != null) {
      return Optional.of(t);
    }
    try {
      if (!catalog.tableExists(id)) {
        return Optional.empty();
      }
      table = catalog.loadTable(id);
      return Optional.of(table);
    } catch (RuntimeException e) {
      throw failure("loading the table", e);
    }
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    Table t = table(context.contract().schema());
    t.refresh();
    Schema fileSchema = evolve(t.updateSchema(), t.schema(), context).apply();
    context.setAttribute("iceberg.table", id.toString());
    return new IcebergPublicationWriter(this, context, t, fileSchema);
  }

  @Override
  public DistributedWrite openDistributed(WriteContext context) {
    Table t = table(context.contract().schema());
    t.refresh();
    Schema fileSchema = evolve(t.updateSchema(), t.schema(), context).apply();
    context.setAttribute("iceberg.table", id.toString());
    return new IcebergDistributedWrite(this, context, t, fileSchema);
  }

  /**
   * The schema changes the contract needs on the table: new fields become new (optional)
   * columns; a field the contract makes optional becomes an optional column; a column the contract
   * lacks must be optional. Type changes are refused: publish a new major to a new table.
   */
  private UpdateSchema evolve(UpdateSchema update, Schema current, WriteContext context) {
    dev.dataproduct.Schema contract = context.contract().schema();
    for (Field f : contract.fields()) {
      Types.NestedField column = current.findField(f.name());
      if (column == null) {
        update.addColumn(f.name(), IcebergSchemas.typeOf(f), f.description().orElse(null));
      } else {
        if (!column.type().equals(IcebergSchemas.typeOf(f))) {
          throw new StorageException("Output port '" + context.portName() + "': table " + id
              + " column '" + f.name() + "' is " + column.type() + ", contract "
              + context.contract().version() + " needs " + IcebergSchemas.typeOf(f)
              + "; publish a new major version to a new table", "ICEBERG",
              new IllegalStateException("type mismatch"));
        }
        if (column.isRequired() && !f.isRequired()) {
          update.makeColumnOptional(f.name());
        }
      }
    }
    for (Types.NestedField column : current.columns()) {
      if (!contract.contains(column.name()) && column.isRequired()) {
        throw new StorageException("Output port '" + context.portName() + "': table " + id
            + " has the required column '" + column.name() + "', which contract "
            + context.contract().version() + " lacks; publish a new major version to a new table",
            "ICEBERG", new IllegalStateException("missing column"));
      }
    }
    return update;
  }

  Publication commit(WriteContext context, Schema fileSchema, List<DataFile> files, long rows,
      String token) {
    ReentrantLock lock = COMMIT_LOCKS.computeIfAbsent(catalog.name() + "/" + id,
        k -> new ReentrantLock());
    lock.lock();
    try {
      Table t = table(context.contract().schema());
      t.refresh();
      Transaction txn = t.newTransaction();
      if (!evolve(t.updateSchema(), t.schema(), context).apply().sameSchema(t.schema())) {
        evolve(txn.updateSchema(), t.schema(), context).commit();
      }
      String contractKey = Summary.CONTRACT_PREFIX + context.contract().version();
      if (!t.properties().containsKey(contractKey)) {
        txn.updateProperties().set(contractKey, DataContracts.toYaml(context.contract()))
            .commit();
      }
      if (overwrite) {
        OverwriteFiles o = txn.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
        files.forEach(o::addFile);
        stamp(o, context, rows, token).commit();
      } else {
        AppendFiles a = txn.newAppend();
        files.forEach(a::appendFile);
        stamp(a, context, rows, token).commit();
      }
      txn.commitTransaction();
      t.refresh();
      Snapshot committed = null;
      for (Snapshot s : t.snapshots()) {
        if (token.equals(s.summary().get(Summary.TOKEN))) {
          committed = s;
        }
      }
      if (committed == null) {
        throw new StorageException("Iceberg table " + id + ": the snapshot of run "
            + context.runId() + " is not in the table after its commit", "ICEBERG",
            new IllegalStateException("snapshot missing"));
      }
      context.setAttribute("iceberg.snapshot.id", Long.toString(committed.snapshotId()));
      Publication publication = publication(t, committed);
      expire(t);
      return publication;
    } catch (CommitStateUnknownException e) {
      throw new CommitOutcomeUnknownException("Output port '" + context.portName()
          + "': the commit of run " + context.runId() + " to Iceberg table " + id
          + " has an unknown outcome (the catalog"
          + " did not answer); look for a snapshot whose summary has " + Summary.RUN_ID + "="
          + context.runId() + " before rerunning", "COMMIT_STATE_UNKNOWN", e);
    } catch (CommitFailedException e) {
      throw failure("committing the snapshot (a concurrent change won; rerun)", e);
    } finally {
      lock.unlock();
    }
  }

  private static <T extends SnapshotUpdate<T>> T stamp(T op, WriteContext context, long rows,
      String token) {
    return op.set(Summary.PRODUCT, context.productName())
        .set(Summary.PORT, context.portName())
        .set(Summary.RUN_ID, context.runId())
        .set(Summary.ROWS, Long.toString(rows))
        .set(Summary.CONTRACT_VERSION, context.contract().version().toString())
        .set(Summary.TOKEN, token);
  }

  /** Applies retention after a commit; a failure here never undoes the publication. */
  private void expire(Table t) {
    if (retainLast <= 0 && retainFor == null) {
      return;
    }
    try {
      var expire = t.expireSnapshots();
      if (retainLast > 0) {
        expire.retainLast(retainLast);
      }
      long olderThan = retainFor == null ? Long.MAX_VALUE
          : Instant.now().minus(retainFor).toEpochMilli();
      if (retainLast > 0 && retainFor == null) {
        olderThan = Long.MAX_VALUE;
      }
      expire.expireOlderThan(olderThan).commit();
    } catch (RuntimeException e) {
      LOG.warn("Iceberg table {}: expiring old snapshots failed; the publication stands", id, e);
    }
  }

  private Publication publication(Table t, Snapshot s) {
    Map<String, String> summary = s.summary();
    long bytes = Long.parseLong(summary.getOrDefault("added-files-size", "-1"));
    return new Publication(summary.getOrDefault(Summary.PORT, id.name()), s.sequenceNumber(),
        summary.get(Summary.RUN_ID), Long.parseLong(summary.getOrDefault(Summary.ROWS, "0")),
        bytes, summary.get(Summary.CONTRACT_VERSION), Instant.ofEpochMilli(s.timestampMillis()),
        "iceberg:" + catalog.name() + "." + id + "@" + s.snapshotId());
  }

  @Override
  public List<Publication> publications() {
    Optional<Table> t = existing();
    if (t.isEmpty()) {
      return List.of();
    }
    Table table = t.get();
    try {
      table.refresh();
      List<Snapshot> mine = new ArrayList<>();
      for (Snapshot s : table.snapshots()) {
        if (s.summary().containsKey(Summary.RUN_ID)) {
          mine.add(s);
        }
      }
      mine.sort(Comparator.comparingLong(Snapshot::sequenceNumber));
      List<Publication> out = new ArrayList<>(mine.size());
      for (Snapshot s : mine) {
        out.add(publication(table, s));
      }
      return out;
    } catch (RuntimeException e) {
      throw failure("listing snapshots", e);
    }
  }

  private Snapshot snapshotOf(Table t, Publication publication) {
    for (Snapshot s : t.snapshots()) {
      if (s.sequenceNumber() == publication.id() && s.summary().containsKey(Summary.RUN_ID)) {
        return s;
      }
    }
    throw new StorageException("Iceberg table " + id + " has no snapshot of publication "
        + publication.id() + " (expired?)", "ICEBERG",
        new IllegalStateException("no snapshot"));
  }

  @Override
  public BatchReader read(Publication publication, dev.dataproduct.Schema schema, int batchSize) {
    Table t = existing().orElseThrow(() -> new StorageException("Iceberg table " + id
        + " does not exist", "ICEBERG", new IllegalStateException("no table")));
    t.refresh();
    Snapshot s = snapshotOf(t, publication);
    Schema snapshotSchema = s.schemaId() == null ? t.schema() : t.schemas().get(s.schemaId());
    return new SnapshotReader(t, s, snapshotSchema, schema, batchSize, id.toString());
  }

  @Override
  public Map<String, String> readAttributes(Publication publication) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("iceberg.table", id.toString());
    String location = publication.location();
    int at = location == null ? -1 : location.lastIndexOf('@');
    if (at > 0) {
      a.put("iceberg.snapshot.id", location.substring(at + 1));
    }
    return a;
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    Optional<Table> t = existing();
    if (t.isEmpty() || publication.contractVersion() == null) {
      return Optional.empty();
    }
    String yaml = t.get().properties().get(Summary.CONTRACT_PREFIX
        + publication.contractVersion());
    return yaml == null ? Optional.empty() : Optional.of(DataContracts.fromYaml(yaml));
  }

  /**
   * The table as the port's ODCS schema object: {@code physicalName} the table identifier
   * ({@code sales.daily_revenue}), {@code physicalType: table}, per field the Iceberg type of the
   * table's column ({@code decimal(14, 2)}, {@code timestamptz}), or the one the port creates
   * while no publication created the table.
   */
  @Override
  public Optional<PhysicalSchema> physicalSchema(dev.dataproduct.Schema schema) {
    Schema table = existing().map(Table::schema).orElseGet(() -> IcebergSchemas.create(schema));
    Map<String, String> types = new LinkedHashMap<>();
    for (Field f : schema.fields()) {
      Types.NestedField column = table.findField(f.name());
      if (column != null) {
        types.put(f.name(), column.type().toString());
      }
    }
    return Optional.of(PhysicalSchema.of(id.toString(), "table", types));
  }

  /**
   * The table as an OpenLineage dataset, named by its location as the naming spec names files
   * and objects (and as the OpenLineage Spark integration names Iceberg tables): {@code
   * s3://bucket} and {@code warehouse/sales/daily_revenue}, or {@code file} and the path. Before
   * a publication created the table, the location the catalog will give it; empty only when the
   * catalog cannot tell.
   */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return existing().map(Table::location).or(this::plannedLocation)
        .map(l -> LineageDataset.location(l.startsWith("/") ? "file:" + l : l));
  }

  /**
   * Where the catalog will put the table the first publication creates, so that a run's START
   * event names the same dataset as its COMPLETE event: the location of a create transaction
   * that is never committed (nothing is written), or empty when the catalog cannot tell.
   */
  private Optional<String> plannedLocation() {
    try {
      return Optional.of(catalog.buildTable(id, new Schema()).createTransaction().table()
          .location());
    } catch (AlreadyExistsException raced) {
      return existing().map(Table::location);
    } catch (RuntimeException e) {
      LOG.debug("Catalog {} cannot tell where table {} will be", catalog.name(), id, e);
      return Optional.empty();
    }
  }

  @Override
  public Map<String, Object> server() {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("type", "custom");
    server.put("format", "iceberg");
    server.put("catalog", catalog.name());
    if (!id.namespace().isEmpty()) {
      server.put("schema", id.namespace().toString());
    }
    server.put("location", existing().map(Table::location).or(this::plannedLocation)
        .orElse(id.toString()));
    return server;
  }

  /**
   * Dates as 32-bit days, timestamps as 64-bit microseconds (finer ones are quarantined, never
   * rounded), numbers without a declared decimal as exact doubles, text as UTF-8, objects and
   * arrays as JSON text: {@link IcebergSchemas#DOMAIN}.
   */
  @Override
  public dev.dataproduct.spi.ValueDomain valueDomain() {
    return IcebergSchemas.DOMAIN;
  }

  @Override
  public PublicationStore quarantine() {
    if (quarantine == null) {
      throw new UnsupportedOperationException("The quarantine table " + id
          + " has no quarantine of its own");
    }
    return quarantine;
  }

  void orphaned(String path, RuntimeException e) {
    LOG.warn("Iceberg table {}: could not delete the unreferenced data file {} of an aborted"
        + " publication", id, path, e);
  }

  StorageException failure(String doing, Exception e) {
    return new StorageException("Iceberg table " + id + ": " + doing + " failed: "
        + e.getMessage(), "ICEBERG", e);
  }
}
