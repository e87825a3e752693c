package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.ReadContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An input port reading a SQL query or a table. Rows stream with a fetch size (on PostgreSQL in
 * a read-only transaction, so the driver uses a cursor): memory stays bounded for tables far
 * larger than the heap.
 *
 * <pre>{@code
 * // a query with bound parameters; the schema comes from the result's columns
 * InputPort orders = JdbcInputPort.query("orders", ds,
 *     "select id, customer, amount, updated_at from orders where status = ?", "CONFIRMED");
 *
 * // a table, checked against the schema the product expects, read incrementally
 * InputPort events = JdbcInputPort.builder("events", ds)
 *     .table("app.events")
 *     .schema(EVENTS)
 *     .watermark("updated_at")     // next run reads only rows with a higher updated_at
 *     .fetchSize(5_000)
 *     .build();
 * }</pre>
 *
 * <p>With an expected schema, the result's columns are checked before any row is read: a missing
 * column or a type that cannot hold the field's logical type fails the read with a message naming
 * every such column. Without one, the schema is derived from the result's metadata.
 *
 * <p>Incremental reads: with a watermark column, a run reads the rows whose value is greater
 * than the highest value read by the last successful run of the product (all rows the first
 * time). The value is stored in the watermark table (default {@code dataproduct_watermarks}, in
 * the same database) only after the run succeeded. Rows committed later with a lower or equal
 * value are not read; use a strictly increasing column (an id, a commit timestamp).
 *
 * <p>Immutable and thread-safe; concurrent runs each get their own connection.
 */
public final class JdbcInputPort implements InputPort {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcInputPort.class);
  static final String DEFAULT_WATERMARK_TABLE = "dataproduct_watermarks";
  /** Watermarks of runs that read but never committed are dropped beyond this many. */
  private static final int MAX_PENDING = 256;

  private final String name;
  private final DataSource dataSource;
  private final String sql;
  private final List<Object> params;
  private final TableName table;
  private final Schema expected;
  private final int fetchSize;
  private final String watermark;
  private final TableName watermarkTable;
  private final SqlDialect dialect;
  private final String what;
  /** The table's lineage dataset; null for a query. */
  private final TableDescription lineage;
  private final ReentrantLock initLock = new ReentrantLock();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile Database db;
  private volatile Schema derived;
  private volatile boolean watermarkTableReady;

  private record Pending(Object value, long at) {}

  private JdbcInputPort(Builder b) {
    this.name = b.name;
    this.dataSource = b.dataSource;
    this.sql = b.sql;
    this.params = b.params;
    this.table = b.table == null ? null : TableName.parse(b.table, "table");
    this.expected = b.schema;
    this.fetchSize = b.fetchSize;
    this.watermark = b.watermark;
    this.watermarkTable = TableName.parse(b.watermarkTable, "watermark table");
    this.dialect = b.dialect;
    this.what = "Input port '" + name + "'";
    this.lineage = table == null ? null : new TableDescription(dataSource, dialect, table);
  }

  /**
   * A port reading {@code sql} with bound {@code params}; the schema is derived from the result.
   */
  public static JdbcInputPort query(String name, DataSource dataSource, String sql,
      Object... params) {
    return builder(name, dataSource).query(sql, params).build();
  }

  /** A port reading every row of {@code table} ({@code table} or {@code schema.table}). */
  public static JdbcInputPort table(String name, DataSource dataSource, String table) {
    return builder(name, dataSource).table(table).build();
  }

  /** A builder for a port named {@code name} reading from {@code dataSource}. */
  public static Builder builder(String name, DataSource dataSource) {
    return new Builder(name, dataSource);
  }

  /**
   * A builder for a port named {@code name} reading from the data source {@code dataSource}
   * supplies when the port first reads, not before (give the port its {@link Builder#schema
   * schema}: deriving it from the query would connect at build time). Called at most once.
   */
  public static Builder builder(String name, Supplier<? extends DataSource> dataSource) {
    return new Builder(name, new LazyDataSource(dataSource));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "jdbc";
  }

  /**
   * The table's OpenLineage dataset (see {@code JdbcOutputPort}); empty for a query, which may
   * read several tables: name it with {@code OpenLineageEmitter.Builder.inputDataset}.
   */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return lineage == null ? Optional.empty() : lineage.dataset();
  }

  /**
   * The expected schema, or the one derived from the result's columns (which asks the database
   * once, on first use).
   *
   * @throws dev.dataproduct.StorageException when the database cannot describe the result
   */
  @Override
  public Schema schema() {
    if (expected != null) {
      return expected;
    }
    Schema s = derived;
    if (s == null) {
      s = describe();
      derived = s;
    }
    return s;
  }

  private Database database(Connection c) throws SQLException {
    Database d = db;
    if (d == null) {
      d = Database.of(c, dialect);
      db = d;
    }
    return d;
  }

  private String baseSql(Database d) {
    if (table == null) {
      return sql;
    }
    if (expected == null) {
      return "SELECT * FROM " + d.table(table);
    }
    StringBuilder s = new StringBuilder("SELECT ");
    for (int i = 0; i < expected.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(d.id(expected.field(i).name()));
    }
    return s.append(" FROM ").append(d.table(table)).toString();
  }

  private Schema describe() {
    try (Connection c = dataSource.getConnection()) {
      Database d = database(c);
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (" + baseSql(d)
          + ") dataproduct_source WHERE 1 = 0")) {
        bindParams(ps);
        try (ResultSet rs = ps.executeQuery()) {
          return Tables.derive(Column.of(rs.getMetaData()), d, what);
        }
      } finally {
        Sql.rollbackQuietly(c);
      }
    } catch (SQLException e) {
      throw Sql.storage(what + ": describing the result of " + source() + " failed", e);
    }
  }

  private String source() {
    return table != null ? "table " + table : "the query";
  }

  private void bindParams(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p == null) {
        ps.setNull(i + 1, Types.NULL);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  @Override
  public BatchReader read(ReadContext context) {
    Schema schema = schema();
    Connection c = null;
    PreparedStatement ps = null;
    ResultSet rs = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(true);
      Database d = database(c);
      context.setAttribute(JdbcPublicationStore.SYSTEM_NAME, d.dialect().systemName());
      if (table != null) {
        context.setAttribute(JdbcPublicationStore.COLLECTION_NAME, table.toString());
      }
      int track = -1;
      Optional<Object> last = Optional.empty();
      Field wm = null;
      if (watermark != null) {
        track = watermarkIndex(schema);
        wm = schema.field(track);
        Watermarks w = watermarks(c, d);
        last = w.load(c, context.productName(), name, watermark, wm);
      }
      String query = baseSql(d);
      if (last.isPresent()) {
        query = "SELECT * FROM (" + query + ") dataproduct_source WHERE " + d.id(watermark)
            + " > ?";
      }
      // a transaction: PostgreSQL streams through a cursor only outside auto-commit
      c.setAutoCommit(false);
      ps = c.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(fetchSize > 0 ? fetchSize : context.batchSize());
      bindParams(ps);
      if (last.isPresent()) {
        Column wmColumn = watermarkColumn(ps, wm);
        Codecs.binder(wm, wmColumn).bind(ps, params.size() + 1, last.get());
      }
      rs = ps.executeQuery();
      List<Column> columns = Column.of(rs.getMetaData());
      Column[] mapped = Tables.mapQuery(schema, columns, what);
      Codecs.Decoder[] decoders = new Codecs.Decoder[schema.size()];
      int[] index = new int[schema.size()];
      for (int i = 0; i < decoders.length; i++) {
        decoders[i] = Codecs.decoder(schema.field(i), mapped[i]);
        index[i] = mapped[i].index();
      }
      String runId = context.runId();
      return new JdbcBatchReader(what, schema, c, ps, rs, decoders, index, context.batchSize(),
          track, track < 0 ? null : max -> remember(runId, max), () -> { });
    } catch (SQLException e) {
      Sql.closeQuietly(rs);
      Sql.closeQuietly(ps);
      Sql.closeQuietly(c);
      throw Sql.storage(what + ": reading " + source() + " failed", e);
    } catch (RuntimeException e) {
      Sql.closeQuietly(rs);
      Sql.closeQuietly(ps);
      Sql.closeQuietly(c);
      throw e;
    }
  }

  private int watermarkIndex(Schema schema) {
    for (int i = 0; i < schema.size(); i++) {
      if (schema.field(i).name().equalsIgnoreCase(watermark)) {
        FieldType t = schema.field(i).type();
        if (t == FieldType.BOOLEAN || t == FieldType.OBJECT || t == FieldType.ARRAY) {
          throw new DataProductException(what + ": watermark column '" + watermark + "' is "
              + t.logicalTypeName() + "; use an integer, number, date, timestamp or string");
        }
        return i;
      }
    }
    throw new DataProductException(what + ": watermark column '" + watermark
        + "' is not in the result; columns are " + schema.fieldNames());
  }

  private Column watermarkColumn(PreparedStatement ps, Field wm) throws SQLException {
    java.sql.ResultSetMetaData md = ps.getMetaData();
    if (md != null) {
      for (Column col : Column.of(md)) {
        if (col.label().equalsIgnoreCase(wm.name())) {
          return col;
        }
      }
    }
    // no description before execution: bind as the canonical type
    return new Column(0, wm.name(), Types.OTHER, "", true, 0, 0);
  }

  private Watermarks watermarks(Connection c, Database d) throws SQLException {
    Watermarks w = new Watermarks(d, watermarkTable);
    if (!watermarkTableReady) {
      initLock.lock();
      try {
        if (!watermarkTableReady) {
          w.createTable(c);
          watermarkTableReady = true;
        }
      } finally {
        initLock.unlock();
      }
    }
    return w;
  }

  private void remember(String runId, Object max) {
    if (max == null) {
      return;
    }
    if (pending.size() >= MAX_PENDING) {
      // runs that failed never report back: drop the oldest
      pending.entrySet().stream().min((a, b) -> Long.compare(a.getValue().at(),
          b.getValue().at())).ifPresent(e -> pending.remove(e.getKey()));
    }
    pending.put(runId, new Pending(max, System.nanoTime()));
  }

  /**
   * Stores the highest watermark value the run read, so the next run starts after it.
   *
   * @throws dev.dataproduct.StorageException when it cannot be stored: the run's publications
   *     are committed, and the next run reads the same rows again
   */
  @Override
  public void onRunCommitted(ReadContext context) {
    Pending p = pending.remove(context.runId());
    if (watermark == null || p == null) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      Database d = database(c);
      Schema schema = schema();
      Field wm = schema.field(watermarkIndex(schema));
      watermarks(c, d).store(c, context.productName(), name, watermark, wm, p.value(),
          context.runId());
      LOG.debug("Input port {} of {}: watermark on {} advanced", name, context.productName(),
          watermark);
    } catch (SQLException e) {
      throw Sql.storage(what + ": the run committed but its watermark on '" + watermark
          + "' could not be stored; the next run reads the same rows again", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcInputPort{" + name + ", " + source() + (watermark == null ? ""
        : ", watermark " + watermark) + "}";
  }

  /** Builds a {@link JdbcInputPort}: a query or a table (one of them). */
  public static final class Builder {
    private final String name;
    private final DataSource dataSource;
    private String sql;
    private List<Object> params = List.of();
    private String table;
    private Schema schema;
    private int fetchSize;
    private String watermark;
    private String watermarkTable = DEFAULT_WATERMARK_TABLE;
    private SqlDialect dialect;

    private Builder(String name, DataSource dataSource) {
      this.name = Objects.requireNonNull(name, "name");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Reads {@code sql} with {@code params} bound to its {@code ?} placeholders, in order. The
     * SQL is yours and runs as given; values belong in the parameters, never in the text.
     */
    public Builder query(String sql, Object... params) {
      Objects.requireNonNull(sql, "sql");
      String s = sql.strip();
      while (s.endsWith(";")) {
        s = s.substring(0, s.length() - 1).strip();
      }
      if (s.isEmpty()) {
        throw new IllegalArgumentException("Input port '" + name + "': the query is empty");
      }
      this.sql = s;
      this.params = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(
          Objects.requireNonNull(params, "params"))));
      return this;
    }

    /** Reads every row of {@code table} ({@code table} or {@code schema.table}). */
    public Builder table(String table) {
      TableName.parse(table, "table");
      this.table = table;
      return this;
    }

    /**
     * The schema the product expects; the result's columns are checked against it (by name,
     * case-insensitively) and extra columns are ignored. Default: derived from the result.
     */
    public Builder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** Rows fetched per round trip (default: the product's batch size). */
    public Builder fetchSize(int fetchSize) {
      if (fetchSize < 1) {
        throw new IllegalArgumentException("Fetch size must be >= 1, was " + fetchSize);
      }
      this.fetchSize = fetchSize;
      return this;
    }

    /** Reads incrementally on {@code column}, see the class documentation. */
    public Builder watermark(String column) {
      this.watermark = TableName.checkIdentifier(column, "watermark column");
      return this;
    }

    /** Where watermarks are stored (default {@code dataproduct_watermarks}). */
    public Builder watermarkTable(String table) {
      TableName.parse(table, "watermark table");
      this.watermarkTable = table;
      return this;
    }

    /** The SQL dialect (default: detected from the connection, PostgreSQL or H2). */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The port.
     *
     * @throws IllegalArgumentException when neither or both of a query and a table are given,
     *     or the watermark column is not in the expected schema
     */
    public JdbcInputPort build() {
      if ((sql == null) == (table == null)) {
        throw new IllegalArgumentException("Input port '" + name + "' needs exactly one of"
            + " query(...) or table(...)");
      }
      if (schema != null) {
        for (Field f : schema.fields()) {
          TableName.checkIdentifier(f.name(), "column");
        }
        if (watermark != null && schema.fields().stream()
            .noneMatch(f -> f.name().equalsIgnoreCase(watermark))) {
          throw new IllegalArgumentException("Input port '" + name + "': watermark column '"
              + watermark + "' is not in the schema; fields are " + schema.fieldNames());
        }
      }
      return new JdbcInputPort(this);
    }
  }
}
