package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A table as a {@link PublicationStore}: each publication is one transaction on the table plus
 * its entry in the publication log, committed together.
 *
 * <p>Publication ids are taken when a publication opens: for APPEND and UPSERT in a short
 * transaction of their own (an aborted publication leaves a gap, never a duplicate), for
 * OVERWRITE inside the publication's transaction, holding the port's head row until commit so
 * that overwrites run one at a time. When the table has the {@value Tables#PUBLICATION_COLUMN}
 * column (APPEND tables the port creates do), every row written carries its publication's id, and
 * each APPEND publication stays readable on its own. Otherwise the table is the current state:
 * only the latest publication can be read, as the whole table.
 *
 * <p>Before a publication writes, its table is fitted to the contract ({@link TableEvolution}):
 * columns for optional fields the table lacks are added when the port manages the table, in the
 * publication's transaction where the database allows DDL there; any other mismatch fails the
 * publication naming the column and the fix. With {@link PortTables#perMajor()} each contract
 * major version from 2 on has a table of its own, so a new major publishes side by side; the
 * publication log keeps every major under the configured table's name, so ids stay monotonic
 * per port and the compatibility gate sees every major.
 */
final class JdbcPublicationStore implements PublicationStore {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JdbcPublicationStore.class);
  static final String SYSTEM_NAME = "db.system.name";
  static final String COLLECTION_NAME = "db.collection.name";
  static final String OPERATION_NAME = "db.operation.name";

  /** Everything a store is configured with. */
  record Settings(String port, DataSource dataSource, TableName table, WriteMode mode,
      List<String> keyColumns, boolean createTable, SqlDialect dialect, TableName metadataTable,
      TableName quarantineTable, boolean copy, Schema tableSchema, int batchSize,
      boolean tablePerMajor, int contractMajor) {}

  private final Settings settings;
  private final PortTables tables;
  private final Set<TableName> created = ConcurrentHashMap.newKeySet();
  private final String what;
  private final String key;
  private final JdbcPublicationStore quarantine;
  private final ReentrantLock initLock = new ReentrantLock();
  private final TableDescription description;
  private volatile Database db;
  private volatile PublicationLog log;

  JdbcPublicationStore(Settings settings, Settings quarantineSettings) {
    this.settings = settings;
    this.tables = new PortTables(settings.table(), settings.tablePerMajor());
    this.what = what(settings.table());
    this.key = settings.table().toString();
    this.description = new TableDescription(settings.dataSource(), settings.dialect(),
        settings.table());
    this.quarantine = quarantineSettings == null ? null
        : new JdbcPublicationStore(quarantineSettings, null);
  }

  @Override
  public String type() {
    return "jdbc";
  }

  private String what(TableName table) {
    return "Output port '" + settings.port() + "' (table " + table + ")";
  }

  /** Detects the database and creates the log, head row and (when asked) the table, once. */
  private void init() {
    if (log != null) {
      return;
    }
    initLock.lock();
    try {
      if (log != null) {
        return;
      }
      try (Connection c = settings.dataSource().getConnection()) {
        c.setAutoCommit(true);
        Database d = Database.of(c, settings.dialect());
        PublicationLog l = new PublicationLog(d, settings.metadataTable());
        l.createTables(c);
        if (settings.createTable()) {
          createTable(c, d, tables.forMajor(settings.contractMajor()), settings.tableSchema());
        }
        l.createHead(c, key, settings.port());
        db = d;
        log = l;
      } catch (SQLException e) {
        throw Sql.storage(what + ": preparing the table and the publication log "
            + settings.metadataTable() + " failed", e);
      }
    } finally {
      initLock.unlock();
    }
  }

  private void createTable(Connection c, Database d, TableName table, Schema s)
      throws SQLException {
    Tables.createIfMissing(c, d, table, s.fields(), s.primaryKey().stream()
        .map(Field::name).collect(Collectors.toList()), settings.mode() == WriteMode.APPEND);
    created.add(table);
  }

  /** The dialect's domain (the database is detected on first use). */
  @Override
  public dev.dataproduct.spi.ValueDomain valueDomain() {
    init();
    return db.dialect().valueDomain();
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    init();
    Database d = db;
    DataContract contract = context.contract();
    TableName table = tables.forMajor(contract.version().major());
    String what = what(table);
    context.setAttribute(SYSTEM_NAME, d.dialect().systemName());
    context.setAttribute(COLLECTION_NAME, table.toString());
    Schema schema = contract.schema();
    Connection c = null;
    try {
      c = settings.dataSource().getConnection();
      c.setAutoCommit(true);
      if (settings.createTable() && !created.contains(table)) {
        createTable(c, d, table, schema);
      }
      List<Column> columns = Tables.columns(c, d, table);
      List<Field> additions = TableEvolution.plan(c, d, table, contract, columns,
          settings.createTable(), settings.tablePerMajor(), what);
      boolean inTransaction = d.transactionalDdl();
      if (!additions.isEmpty() && !inTransaction) {
        TableEvolution.addColumns(c, d, table, additions, what);
      }
      c.setAutoCommit(false);
      long id = log.nextId(c, key, settings.port());
      if (settings.mode() == WriteMode.OVERWRITE) {
        // the head row stays locked until commit: overwrites run one at a time, since two
        // concurrent DELETE + INSERT would leave the rows of both
        try (Statement st = c.createStatement()) {
          st.executeUpdate("DELETE FROM " + d.table(table));
        }
      } else {
        c.commit();
      }
      if (!additions.isEmpty()) {
        if (inTransaction) {
          // committed with the rows, or rolled back with them
          TableEvolution.addColumns(c, d, table, additions, what);
        }
        columns = Tables.columns(c, d, table);
      }
      Column[] mapped = Tables.map(schema, columns, what);
      Column publicationColumn = columns.stream()
          .filter(col -> col.label().equalsIgnoreCase(Tables.PUBLICATION_COLUMN))
          .findFirst().orElse(null);
      RowSink<?> sink = RowSinks.create(c, d, table, schema, mapped, publicationColumn, id,
          settings, what);
      context.setAttribute(OPERATION_NAME, sink.operation());
      return new JdbcPublicationWriter<>(what, "dataproduct-jdbc-" + settings.port(), c, sink,
          completion(context, id, table));
    } catch (SQLException e) {
      Sql.closeQuietly(c);
      String hint = "42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState())
          || "42102".equals(e.getSQLState())
          ? " (the table does not exist: create it, or call createTableIfMissing())" : "";
      throw Sql.storage(what + ": opening a publication failed" + hint, e);
    } catch (RuntimeException e) {
      Sql.closeQuietly(c);
      throw e;
    }
  }

  private JdbcPublicationWriter.Completion completion(WriteContext ctx, long id,
      TableName table) {
    DataContract contract = ctx.contract();
    String contractText = StoredContracts.write(contract);
    return (c, rows, bytes) -> {
      // microseconds: what the log keeps, so a publication equals the one read back from it
      Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Publication p = new Publication(settings.port(), id, ctx.runId(), rows, bytes,
          contract.version().toString(), at, table.toString());
      log.record(c, p, key, ctx.productName(), ctx.productVersion(), settings.mode(),
          contract.id(), contractText);
      return p;
    };
  }

  @Override
  public List<Publication> publications() {
    init();
    try (Connection c = settings.dataSource().getConnection()) {
      return list(c);
    } catch (SQLException e) {
      throw Sql.storage(what + ": reading the publication log failed", e);
    }
  }

  /** Every logged publication of the port, each located in its major's table. */
  private List<Publication> list(Connection c) throws SQLException {
    return log.list(c, key, settings.port()).stream().map(tables::located)
        .collect(Collectors.toList());
  }

  /**
   * Per table (one, or one per contract major version): every publication of an APPEND table
   * that keeps publication ids; otherwise (OVERWRITE, UPSERT, or a table without the id column)
   * only the latest, the table's current contents.
   */
  @Override
  public List<Publication> readablePublications() {
    init();
    try (Connection c = settings.dataSource().getConnection()) {
      List<Publication> all = list(c);
      Map<TableName, Publication> latest = new HashMap<>();
      Map<TableName, Boolean> own = new HashMap<>();
      for (Publication p : all) {
        TableName t = tables.of(p);
        latest.put(t, p);
        if (!own.containsKey(t)) {
          own.put(t, keepsPublications(c, db, t));
        }
      }
      return all.stream().filter(p -> own.get(tables.of(p)) || latest.get(tables.of(p)) == p)
          .collect(Collectors.toList());
    } catch (SQLException e) {
      throw Sql.storage(what + ": reading the publication log failed", e);
    }
  }

  /** Whether {@code table} keeps each publication's rows apart (APPEND with the id column). */
  private boolean keepsPublications(Connection c, Database d, TableName table)
      throws SQLException {
    return settings.mode() == WriteMode.APPEND
        && Tables.hasPublicationColumn(Tables.columns(c, d, table));
  }

  @Override
  public Optional<Publication> latest() {
    init();
    try (Connection c = settings.dataSource().getConnection()) {
      return log.latest(c, key, settings.port()).map(tables::located);
    } catch (SQLException e) {
      throw Sql.storage(what + ": reading the publication log failed", e);
    }
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    init();
    Optional<String> text;
    try (Connection c = settings.dataSource().getConnection()) {
      text = log.contract(c, key, settings.port(), publication.id());
    } catch (SQLException e) {
      throw Sql.storage(what + ": reading the publication log failed", e);
    }
    return text.map(t -> StoredContracts.read(t, settings.metadataTable() + " (table " + key
        + ", port " + settings.port() + ", publication " + publication.id() + ")"));
  }

  /**
   * Where a read goes: {@code db.system.name} and {@code db.collection.name} as on the write span
   * (the detected dialect's system name, the table as configured) and {@code db.operation.name}
   * {@code SELECT}. Never the SQL text.
   */
  @Override
  public Map<String, String> readAttributes(Publication publication) {
    init();
    return Map.of(SYSTEM_NAME, db.dialect().systemName(),
        COLLECTION_NAME, tables.of(publication).toString(), OPERATION_NAME, "SELECT");
  }

  /**
   * Reads a publication: its own rows when the table is APPEND and carries publication ids,
   * otherwise the whole table, which only the latest publication can be.
   */
  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    init();
    Database d = db;
    TableName table = tables.of(publication);
    String what = what(table);
    Connection c = null;
    PreparedStatement ps = null;
    ResultSet rs = null;
    try {
      c = settings.dataSource().getConnection();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      // one snapshot for the log and the rows: a publication committing meanwhile is not seen
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      boolean own = keepsPublications(c, d, table);
      List<Publication> all = list(c).stream().filter(p -> tables.of(p).equals(table))
          .collect(Collectors.toList());
      Optional<Publication> latest = all.isEmpty() ? Optional.empty()
          : Optional.of(all.get(all.size() - 1));
      if (own ? all.stream().noneMatch(p -> p.id() == publication.id())
          : latest.isEmpty() || latest.get().id() != publication.id()) {
        throw new DataProductException(what + " has no readable publication "
            + publication.id() + (own ? "" : "; it keeps only the table's current contents, "
            + latest.map(p -> "publication " + p.id()).orElse("no publication yet")));
      }
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < schema.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(d.id(schema.field(i).name()));
      }
      sql.append(" FROM ").append(d.table(table));
      if (own) {
        sql.append(" WHERE ").append(d.id(Tables.PUBLICATION_COLUMN)).append(" = ?");
      }
      List<Field> pk = schema.primaryKey();
      if (!pk.isEmpty()) {
        sql.append(" ORDER BY ").append(pk.stream().map(f -> d.id(f.name()))
            .collect(Collectors.joining(", ")));
      }
      ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(batchSize);
      if (own) {
        ps.setLong(1, publication.id());
      }
      rs = ps.executeQuery();
      Column[] mapped = Tables.map(schema, Column.of(rs.getMetaData()), what);
      Codecs.Decoder[] decoders = new Codecs.Decoder[schema.size()];
      int[] index = new int[schema.size()];
      for (int i = 0; i < decoders.length; i++) {
        decoders[i] = Codecs.decoder(schema.field(i), mapped[i]);
        index[i] = mapped[i].index();
      }
      Connection conn = c;
      return new JdbcBatchReader(what, schema, c, ps, rs, decoders, index, batchSize, -1, null,
          () -> restoreIsolation(conn, isolation));
    } catch (SQLException e) {
      Sql.closeQuietly(rs);
      Sql.closeQuietly(ps);
      Sql.closeQuietly(c);
      throw Sql.storage(what + ": reading publication " + publication.id() + " failed", e);
    } catch (RuntimeException e) {
      Sql.closeQuietly(rs);
      Sql.closeQuietly(ps);
      Sql.closeQuietly(c);
      throw e;
    }
  }

  private static void restoreIsolation(Connection c, int isolation) {
    try {
      c.rollback();
      c.setTransactionIsolation(isolation);
    } catch (SQLException e) {
      // the connection is closed next; a pool resets it
    }
  }

  /**
   * The table as the port's ODCS schema object: {@code physicalName} the table as configured
   * ({@code daily_revenue}, {@code sales.daily_revenue}), {@code physicalType: table}, and per
   * field the column type the port creates ({@code numeric(14,2)}, {@code varchar(2)}).
   */
  @Override
  public Optional<PhysicalSchema> physicalSchema(Schema schema) {
    return Optional.of(description.physical(schema));
  }

  /**
   * The table as an OpenLineage dataset: {@code postgres://{host}:{port}} and {@code
   * {database}.{schema}.{table}} on PostgreSQL (the naming spec), {@code h2:mem}, {@code h2:file}
   * or {@code h2://{host}:{port}} and the same name on H2, with the identifiers as the database
   * stores them ({@code public.daily_revenue} on PostgreSQL, {@code PUBLIC.DAILY_REVENUE} on H2).
   * Asked of the database once.
   */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return description.dataset();
  }

  /**
   * The ODCS server of the table: {@code postgres} with host, port, database and schema for
   * PostgreSQL; {@code custom} with the database and the JDBC URL (without its parameters, which
   * may hold credentials) otherwise.
   */
  @Override
  public Map<String, Object> server() {
    try (Connection c = settings.dataSource().getConnection()) {
      String url = c.getMetaData().getURL();
      String schema = settings.table().schema() != null ? settings.table().schema()
          : c.getSchema();
      Map<String, Object> server = new java.util.LinkedHashMap<>();
      if (url != null && url.startsWith("jdbc:postgresql:")) {
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        server.put("type", "postgres");
        server.put("host", uri.getHost() == null ? "localhost" : uri.getHost());
        server.put("port", uri.getPort() < 0 ? 5432 : uri.getPort());
        server.put("database", uri.getPath() == null || uri.getPath().length() <= 1
            ? c.getCatalog() : uri.getPath().substring(1));
        server.put("schema", schema == null ? "public" : schema);
        return server;
      }
      server.put("type", "custom");
      if (c.getCatalog() != null) {
        server.put("database", c.getCatalog());
      }
      if (url != null) {
        server.put("location", url.replaceAll("[;?].*$", ""));
      }
      return server;
    } catch (SQLException | IllegalArgumentException e) {
      LOG.debug("Could not describe the server of {}", settings.table(), Sql.sanitize(e));
      return Map.of("type", "custom");
    }
  }

  /**
   * Side by side in a table of its own when the port has one per major version; otherwise the
   * advice is to turn that on, since in the same table a new major's publications replace or
   * mix with the old major's rows (and its columns may not fit them).
   */
  @Override
  public String newMajorVersionAdvice(int major) {
    String publish = "Publish it as " + major + ".0.0";
    if (major < 2) {
      return publish;
    }
    if (settings.tablePerMajor()) {
      return publish + " to publish side by side, in table " + tables.forMajor(major)
          + " (consumers pinned to major " + (major - 1) + " keep reading table "
          + tables.forMajor(major - 1) + ")";
    }
    String versioned;
    try {
      versioned = " (table " + PortTables.versioned(settings.table(), major) + ")";
    } catch (IllegalArgumentException e) {
      versioned = "";
    }
    return publish + " to a table of its own" + versioned + ", side by side with major "
        + (major - 1) + ": call tablePerMajorVersion() on the port. In table " + settings.table()
        + " itself, " + (settings.mode() == WriteMode.APPEND
            ? "its rows would have to fit the table's columns"
            : "it would replace the rows that major " + (major - 1) + "'s consumers read");
  }

  @Override
  public PublicationStore quarantine() {
    return quarantine != null ? quarantine : this;
  }

  @Override
  public String toString() {
    return "JdbcPublicationStore{" + key + ", port " + settings.port() + ", "
        + settings.mode() + "}";
  }
}
