package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      TableName quarantineTable, boolean copy, Schema tableSchema, int batchSize) {}

  private final Settings settings;
  private final String what;
  private final String key;
  private final JdbcPublicationStore quarantine;
  private final ReentrantLock initLock = new ReentrantLock();
  private volatile Database db;
  private volatile PublicationLog log;

  JdbcPublicationStore(Settings settings, Settings quarantineSettings) {
    this.settings = settings;
    this.what = "Output port '" + settings.port() + "' (table " + settings.table() + ")";
    this.key = settings.table().toString();
    this.quarantine = quarantineSettings == null ? null
        : new JdbcPublicationStore(quarantineSettings, null);
  }

  @Override
  public String type() {
    return "jdbc";
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
          Schema s = settings.tableSchema();
          Tables.createIfMissing(c, d, settings.table(), s.fields(), s.primaryKey().stream()
              .map(Field::name).collect(Collectors.toList()),
              settings.mode() == WriteMode.APPEND);
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
    context.setAttribute(SYSTEM_NAME, d.dialect().systemName());
    context.setAttribute(COLLECTION_NAME, settings.table().toString());
    Schema schema = context.contract().schema();
    Connection c = null;
    try {
      c = settings.dataSource().getConnection();
      c.setAutoCommit(true);
      List<Column> columns = Tables.columns(c, d, settings.table());
      Column[] mapped = Tables.map(schema, columns, what);
      Column publicationColumn = columns.stream()
          .filter(col -> col.label().equalsIgnoreCase(Tables.PUBLICATION_COLUMN))
          .findFirst().orElse(null);
      c.setAutoCommit(false);
      long id = log.nextId(c, key, settings.port());
      if (settings.mode() == WriteMode.OVERWRITE) {
        // the head row stays locked until commit: overwrites run one at a time, since two
        // concurrent DELETE + INSERT would leave the rows of both
        try (Statement st = c.createStatement()) {
          st.executeUpdate("DELETE FROM " + d.table(settings.table()));
        }
      } else {
        c.commit();
      }
      RowSink<?> sink = sink(c, d, schema, mapped, publicationColumn, id);
      context.setAttribute(OPERATION_NAME, sink.operation());
      return new JdbcPublicationWriter<>(what, "dataproduct-jdbc-" + settings.port(), c, sink,
          completion(context, id));
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

  private JdbcPublicationWriter.Completion completion(WriteContext ctx, long id) {
    DataContract contract = ctx.contract();
    String contractText = StoredContracts.write(contract);
    return (c, rows, bytes) -> {
      // microseconds: what the log keeps, so a publication equals the one read back from it
      Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Publication p = new Publication(settings.port(), id, ctx.runId(), rows, bytes,
          contract.version().toString(), at, key);
      log.record(c, p, key, ctx.productName(), ctx.productVersion(), settings.mode(),
          contract.id(), contractText);
      return p;
    };
  }

  private RowSink<?> sink(Connection c, Database d, Schema schema, Column[] mapped,
      Column publicationColumn, long id) throws SQLException {
    int n = schema.size();
    int width = n + (publicationColumn == null ? 0 : 1);
    List<String> columns = new ArrayList<>(width);
    int[] fieldIndex = new int[width];
    Field[] fields = new Field[width];
    Column[] targets = new Column[width];
    for (int i = 0; i < n; i++) {
      columns.add(d.id(schema.field(i).name()));
      fieldIndex[i] = i;
      fields[i] = schema.field(i);
      targets[i] = mapped[i];
    }
    if (publicationColumn != null) {
      columns.add(d.id(Tables.PUBLICATION_COLUMN));
      fieldIndex[n] = -1;
      fields[n] = Field.required(Tables.PUBLICATION_COLUMN, dev.dataproduct.FieldType.INTEGER);
      targets[n] = publicationColumn;
    }
    Long constant = id;
    String table = d.table(settings.table());
    List<String> keys = d.ids(settings.keyColumns());
    if (settings.mode() == WriteMode.UPSERT && publicationColumn != null
        && !publicationColumn.accepts(dev.dataproduct.FieldType.INTEGER)) {
      throw new DataProductException(what + ": column " + Tables.PUBLICATION_COLUMN + " is "
          + publicationColumn.describe() + "; it must be an integer column");
    }
    if (settings.copy() && d.dialect() instanceof PostgresDialect && PgCopy.available(c)) {
      List<PgBinary.Encoder> encoders = new ArrayList<>(width);
      for (int i = 0; i < width; i++) {
        encoders.add(PgBinary.encoder(fields[i], targets[i]));
      }
      if (!encoders.contains(null)) {
        PgBinary.RowEncoder encoder = new PgBinary.RowEncoder(encoders, fieldIndex, constant);
        if (settings.mode() == WriteMode.UPSERT) {
          return new StagedUpsertSink(c, table, columns, keys, encoder);
        }
        return new CopySink(c, "COPY " + table + " (" + String.join(", ", columns)
            + ") FROM STDIN (FORMAT binary)", encoder);
      }
    }
    List<String> placeholders = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      placeholders.add(d.dialect().placeholder(fields[i], targets[i].typeName()));
    }
    // H2 (embedded, in this JVM) takes java.time.Instant for TIMESTAMP WITH TIME ZONE as is,
    // and builds its values when a parameter is bound without touching the session: binding can
    // run on the run thread beside the writer thread. Other drivers get the portable path.
    boolean h2 = d.dialect() instanceof H2Dialect;
    Binding binding = new Binding(fields, targets, fieldIndex, constant, h2);
    if (settings.mode() == WriteMode.UPSERT) {
      return new BatchSink(c, d.dialect().upsert(table, columns, keys, placeholders), binding,
          settings.batchSize(), "MERGE");
    }
    String prefix = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    String rowValues = "(" + String.join(", ", placeholders) + ")";
    int rowsPerInsert = d.dialect().rowsPerInsert(width);
    return h2 ? new PipelinedInsertSink(c, prefix, rowValues, binding, rowsPerInsert)
        : new InsertSink(c, prefix, rowValues, binding, rowsPerInsert);
  }

  @Override
  public List<Publication> publications() {
    init();
    try (Connection c = settings.dataSource().getConnection()) {
      return log.list(c, key, settings.port());
    } catch (SQLException e) {
      throw Sql.storage(what + ": reading the publication log failed", e);
    }
  }

  /**
   * Every publication of an APPEND table that keeps publication ids; otherwise (OVERWRITE,
   * UPSERT, or a table without the id column) only the latest, the table's current contents.
   */
  @Override
  public List<Publication> readablePublications() {
    init();
    try (Connection c = settings.dataSource().getConnection()) {
      List<Publication> all = log.list(c, key, settings.port());
      boolean own = settings.mode() == WriteMode.APPEND
          && Tables.hasPublicationColumn(Tables.columns(c, db, settings.table()));
      return own || all.isEmpty() ? all : List.of(all.get(all.size() - 1));
    } catch (SQLException e) {
      throw Sql.storage(what + ": reading the publication log failed", e);
    }
  }

  @Override
  public Optional<Publication> latest() {
    init();
    try (Connection c = settings.dataSource().getConnection()) {
      return log.latest(c, key, settings.port());
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
  public java.util.Map<String, String> readAttributes(Publication publication) {
    init();
    return java.util.Map.of(SYSTEM_NAME, db.dialect().systemName(),
        COLLECTION_NAME, settings.table().toString(), OPERATION_NAME, "SELECT");
  }

  /**
   * Reads a publication: its own rows when the table is APPEND and carries publication ids,
   * otherwise the whole table, which only the latest publication can be.
   */
  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    init();
    Database d = db;
    Connection c = null;
    PreparedStatement ps = null;
    ResultSet rs = null;
    try {
      c = settings.dataSource().getConnection();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      // one snapshot for the log and the rows: a publication committing meanwhile is not seen
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      boolean own = settings.mode() == WriteMode.APPEND
          && Tables.hasPublicationColumn(Tables.columns(c, d, settings.table()));
      List<Publication> all = log.list(c, key, settings.port());
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
      sql.append(" FROM ").append(d.table(settings.table()));
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
   * The ODCS server of the table: {@code postgres} with host, port, database and schema for
   * PostgreSQL; {@code custom} with the database and the JDBC URL (without its parameters, which
   * may hold credentials) otherwise.
   */
  @Override
  public java.util.Map<String, Object> server() {
    try (Connection c = settings.dataSource().getConnection()) {
      String url = c.getMetaData().getURL();
      String schema = settings.table().schema() != null ? settings.table().schema()
          : c.getSchema();
      java.util.Map<String, Object> server = new java.util.LinkedHashMap<>();
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
      return java.util.Map.of("type", "custom");
    }
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
