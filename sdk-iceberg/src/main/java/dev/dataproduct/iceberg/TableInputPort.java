package dev.dataproduct.iceberg;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.InputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * {@link IcebergInputPort#table}: a raw Iceberg table read with Iceberg's generic reader, at its
 * current snapshot or one chosen by id or time, with an optional row filter. Immutable and
 * thread-safe; each read loads the table afresh.
 */
final class TableInputPort implements InputPort {
  private final String name;
  private final Catalog catalog;
  private final TableIdentifier id;
  private final Schema schema;
  private final Expression filter;
  private final Long snapshotId;
  private final Instant asOf;

  TableInputPort(String name, Catalog catalog, TableIdentifier id, Schema schema,
      Expression filter, Long snapshotId, Instant asOf) {
    this.name = name;
    this.catalog = catalog;
    this.id = id;
    this.schema = schema;
    this.filter = filter;
    this.snapshotId = snapshotId;
    this.asOf = asOf;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return "iceberg";
  }

  @Override
  public BatchReader read(ReadContext context) {
    Table table = load();
    context.setAttribute("iceberg.table", id.toString());
    Snapshot snapshot = choose(table);
    if (snapshot == null) {
      return BatchReader.of(schema, List.of()); // a table nothing was ever committed to
    }
    context.setAttribute("iceberg.snapshot.id", Long.toString(snapshot.snapshotId()));
    org.apache.iceberg.Schema columns = SnapshotUtil.schemaFor(table, snapshot.snapshotId());
    Types.NestedField[] sources = match(columns, snapshot);
    Set<String> select = new LinkedHashSet<>();
    for (Types.NestedField c : sources) {
      if (c != null) {
        select.add(c.name());
      }
    }
    try {
      for (int fieldId : Binder.boundReferences(columns.asStruct(), List.of(filter), true)) {
        select.add(columns.findColumnName(fieldId));
      }
    } catch (ValidationException e) {
      throw new DataProductException("Input port '" + name + "': the row filter " + filter
          + " does not apply to Iceberg table " + id + " (snapshot " + snapshot.snapshotId()
          + "): " + e.getMessage());
    }
    CloseableIterable<Record> records;
    try {
      IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table)
          .useSnapshot(snapshot.snapshotId())
          .where(filter);
      records = select.isEmpty() ? scan.build() : scan.select(select).build();
    } catch (RuntimeException e) {
      throw new StorageException("Input port '" + name + "': planning the read of Iceberg table "
          + id + " failed (" + e.getClass().getSimpleName() + ")", "ICEBERG", e);
    }
    return new TableReader(records, schema, sources, context.batchSize(),
        "Iceberg table " + id + " (snapshot " + snapshot.snapshotId() + ")");
  }

  private Table load() {
    try {
      return catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      throw new DataProductException("Input port '" + name + "': Iceberg table " + id
          + " does not exist in catalog '" + catalog.name() + "'" + tablesIn());
    } catch (RuntimeException e) {
      throw new StorageException("Input port '" + name + "': loading Iceberg table " + id
          + " failed: " + e.getMessage(), "ICEBERG", e);
    }
  }

  /** "; tables in ns are [a, b]", or nothing when they cannot be listed. */
  private String tablesIn() {
    try {
      List<String> names = new ArrayList<>();
      for (TableIdentifier t : catalog.listTables(id.namespace())) {
        names.add(t.name());
      }
      names.sort(null);
      return "; tables in " + (id.namespace().isEmpty() ? "the root namespace"
          : "namespace " + id.namespace()) + " are " + names;
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The snapshot asked for; null when the table has none and none was asked for. */
  private Snapshot choose(Table table) {
    if (snapshotId != null) {
      Snapshot s = table.snapshot(snapshotId);
      if (s == null) {
        throw new DataProductException("Input port '" + name + "': Iceberg table " + id
            + " has no snapshot " + snapshotId + " (expired, or of another table?); its"
            + " snapshots are " + snapshotIds(table));
      }
      return s;
    }
    if (asOf != null) {
      Long at = SnapshotUtil.nullableSnapshotIdAsOfTime(table, asOf.toEpochMilli());
      if (at == null) {
        throw new DataProductException("Input port '" + name + "': Iceberg table " + id
            + " has no snapshot committed at or before " + asOf + oldest(table));
      }
      return table.snapshot(at);
    }
    return table.currentSnapshot();
  }

  private static List<Long> snapshotIds(Table table) {
    List<Long> ids = new ArrayList<>();
    table.snapshots().forEach(s -> ids.add(s.snapshotId()));
    return ids.size() <= 20 ? ids : ids.subList(ids.size() - 20, ids.size());
  }

  private static String oldest(Table table) {
    Snapshot oldest = null;
    for (Snapshot s : table.snapshots()) {
      if (oldest == null || s.timestampMillis() < oldest.timestampMillis()) {
        oldest = s;
      }
    }
    return oldest == null ? "; it has no snapshot at all"
        : "; its oldest retained snapshot is from " + Instant.ofEpochMilli(oldest.timestampMillis());
  }

  /**
   * The column each field of the port's schema reads (null: none, the field reads as null).
   *
   * @throws DataProductException naming every required field without a column and every column
   *     of a type its field cannot read
   */
  private Types.NestedField[] match(org.apache.iceberg.Schema columns, Snapshot snapshot) {
    List<Field> fields = schema.fields();
    Types.NestedField[] sources = new Types.NestedField[fields.size()];
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < sources.length; i++) {
      Field f = fields.get(i);
      Types.NestedField c = columns.findField(f.name());
      if (c == null) {
        if (f.isRequired()) {
          problems.add("required field '" + f.name() + "' has no column");
        }
        continue;
      }
      String mismatch = RawValues.mismatch(f, c.type());
      if (mismatch != null) {
        problems.add(mismatch);
      } else {
        sources[i] = c;
      }
    }
    if (!problems.isEmpty()) {
      List<String> names = new ArrayList<>();
      columns.columns().forEach(c -> names.add(c.name()));
      throw new DataProductException("Input port '" + name + "' does not match Iceberg table "
          + id + " (snapshot " + snapshot.snapshotId() + ", columns " + names + "): "
          + String.join("; ", problems));
    }
    return sources;
  }

  @Override
  public String toString() {
    return "IcebergInputPort{" + name + ", " + catalog.name() + "." + id
        + (snapshotId != null ? ", snapshot " + snapshotId : "")
        + (asOf != null ? ", as of " + asOf : "") + "}";
  }
}
