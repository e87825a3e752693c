package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.PublicationStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Output ports that publish to a database table. Each publication is one transaction: the rows
 * (appended, overwriting or upserted, see {@link WriteMode}) and the publication's entry in the
 * publication log commit together, so other connections see the table as it was, then all of the
 * publication; an abort or a crash leaves the table untouched. Rows rejected by the contract go
 * to a quarantine table in their own transaction, so they survive a failed run.
 *
 * <pre>{@code
 * OutputPort revenue = JdbcOutputPort.builder("daily-revenue")
 *     .dataSource(dataSource)
 *     .table("sales.daily_revenue")
 *     .mode(WriteMode.UPSERT)                 // key: the contract's primary key
 *     .createTableIfMissing()                 // DDL from the contract, per dialect
 *     .contract(contract)
 *     .accessPolicy(AccessPolicy.allow("analyst"))
 *     .build();
 * }</pre>
 *
 * <p>On PostgreSQL rows stream with binary {@code COPY} (through the driver's {@code
 * CopyManager}); on other databases with multi-row {@code INSERT} statements. Either way a
 * dedicated thread writes while the run checks the next rows; on H2, whose driver builds its
 * values when a parameter is bound without touching the session, the run's thread also binds
 * each statement while the writer thread executes the previous one. Tables the port manages:
 *
 * <ul>
 *   <li>the target table, created from the contract when asked (types per {@link SqlDialect},
 *       {@code NOT NULL} for required fields, the primary key). An APPEND table also gets a
 *       {@code dataproduct_publication_id} column, first in its primary key: every row records
 *       the publication that added it, and each publication stays readable on its own. Tables
 *       without that column (and OVERWRITE and UPSERT tables) hold the current state, which is
 *       read as the latest publication;
 *   <li>the publication log ({@code dataproduct_publications}, see {@link
 *       Builder#metadataTable}): product, port, publication id, run id, rows, bytes, contract
 *       version and the contract itself, commit time; with {@code <log>_heads} holding each
 *       port's last id;
 *   <li>the quarantine table ({@code <table>_quarantine}, see {@link Builder#quarantineTable})
 *       with the columns of {@link Quarantine#SCHEMA}.
 * </ul>
 *
 * <p>Changing the contract: a compatible version that adds an optional field adds its column to
 * a table the port manages ({@link Builder#createTableIfMissing()}); a new major version
 * publishes side by side, in a table of its own, with {@link Builder#tablePerMajorVersion()}.
 * Before any row is written, every column that does not fit the contract (missing, of another
 * type, {@code NOT NULL} without a value) fails the publication with its name and the fix.
 *
 * <p>Table and column names must be identifiers (letters, digits, underscores, at most 63
 * characters); they are folded to the database's case for unquoted names and quoted. Values are
 * always bound. Spans get {@code db.system.name}, {@code db.collection.name} and {@code
 * db.operation.name}.
 */
public final class JdbcOutputPort {
  static final String DEFAULT_METADATA_TABLE = "dataproduct_publications";
  static final String QUARANTINE_SUFFIX = "_quarantine";

  private JdbcOutputPort() {}

  /** A builder for an output port named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds an {@link OutputPort} over a table. Required: data source, table, contract. */
  public static final class Builder extends OutputPort.Builder<Builder> {
    private DataSource dataSource;
    private String table;
    private WriteMode mode = WriteMode.APPEND;
    private List<String> keyColumns = List.of();
    private boolean createTable;
    private SqlDialect dialect;
    private String metadataTable = DEFAULT_METADATA_TABLE;
    private String quarantineTable;
    private boolean copy = true;
    private int batchSize = 1_000;
    private boolean tablePerMajor;

    private Builder(String name) {
      super(name);
    }

    /** Where the table lives (required). The port borrows connections and returns them. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Where the table lives, obtained from {@code dataSource} when the port first needs a
     * connection (a run, a read), not before: declaring the port, or a product with it, creates
     * no pool, so a test that swaps the port ({@code product.withOutput(...)}) never pays for one.
     * Called at most once per port.
     *
     * <pre>{@code
     * .dataSource(() -> new HikariDataSource(config))
     * }</pre>
     */
    public Builder dataSource(Supplier<? extends DataSource> dataSource) {
      this.dataSource = new LazyDataSource(dataSource);
      return this;
    }

    /** The table, {@code table} or {@code schema.table} (required). */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /** How publications change the table (default {@link WriteMode#APPEND}). */
    public Builder mode(WriteMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The key of {@link WriteMode#UPSERT} (default: the contract's primary-key fields). */
    public Builder keyColumns(String... columns) {
      Objects.requireNonNull(columns, "columns");
      this.keyColumns = List.of(columns);
      return this;
    }

    /**
     * Lets the port manage the table: it creates the table from the contract when it does not
     * exist, and adds a column for each optional field a later, compatible version of the
     * contract adds ({@code ALTER TABLE ... ADD COLUMN}, in the publication's transaction on
     * PostgreSQL; before it on H2, whose DDL commits). Without it, a missing column fails the
     * publication with the statement that would add it.
     */
    public Builder createTableIfMissing() {
      this.createTable = true;
      return this;
    }

    /**
     * Publishes each major version of the contract to a table of its own, so that a new major
     * version (one that removes a column, changes a type) publishes side by side with the old
     * one, whose consumers ({@code ReadOptions.latest().contractMajor(1)}, a {@code
     * ProductInputPort} with {@code contractMajor(1)}) keep reading it. Majors 0 and 1 use the
     * table as named; major {@code N} from 2 on uses {@code <table>_v<N>}, created from the
     * contract with {@link #createTableIfMissing()}. Turning it on for a port already in use
     * moves nothing: its table keeps serving major 1. Publication ids stay one sequence per port.
     *
     * <pre>{@code
     * OutputPort customers = JdbcOutputPort.builder("customers")
     *     .dataSource(dataSource).table("crm.customers")   // 2.x goes to crm.customers_v2
     *     .mode(WriteMode.OVERWRITE)
     *     .createTableIfMissing()
     *     .tablePerMajorVersion()
     *     .contract(contractV2)
     *     .build();
     * }</pre>
     */
    public Builder tablePerMajorVersion() {
      this.tablePerMajor = true;
      return this;
    }

    /** The SQL dialect (default: detected from the connection, PostgreSQL or H2). */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** The publication log table (default {@code dataproduct_publications}). */
    public Builder metadataTable(String table) {
      this.metadataTable = Objects.requireNonNull(table, "table");
      return this;
    }

    /** The quarantine table (default: the table's name plus {@code _quarantine}). */
    public Builder quarantineTable(String table) {
      this.quarantineTable = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Whether PostgreSQL publications stream with binary {@code COPY} (default {@code true});
     * with {@code false}, or when a column type has no binary encoder, multi-row {@code INSERT}
     * statements are used.
     */
    public Builder copy(boolean enabled) {
      this.copy = enabled;
      return this;
    }

    /** Rows per JDBC batch of upsert statements (default 1,000). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 100_000) {
        throw new IllegalArgumentException(
            "Batch size must be between 1 and 100,000, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    @Override
    protected PublicationStore createStore() {
      String port = name();
      if (dataSource == null) {
        throw new IllegalArgumentException("Output port '" + port + "' has no data source;"
            + " call dataSource(...)");
      }
      if (table == null) {
        throw new IllegalArgumentException("Output port '" + port + "' has no table; call"
            + " table(\"schema.table\")");
      }
      TableName target = TableName.parse(table, "table");
      int major = contract().version().major();
      if (tablePerMajor) {
        try {
          new PortTables(target, true).forMajor(major);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Output port '" + port + "': table " + target
              + " of major version " + major + ": " + e.getMessage(), e);
        }
      }
      Schema schema = contract().schema();
      checkColumns(port, schema);
      List<String> keys = keyColumns.isEmpty()
          ? schema.primaryKey().stream().map(Field::name).collect(Collectors.toList())
          : keyColumns;
      for (String k : keys) {
        TableName.checkIdentifier(k, "key column");
        if (!schema.contains(k)) {
          throw new IllegalArgumentException("Output port '" + port + "': key column '" + k
              + "' is not a field of the contract; fields are " + schema.fieldNames());
        }
      }
      if (mode == WriteMode.UPSERT && keys.isEmpty()) {
        throw new IllegalArgumentException("Output port '" + port + "' upserts but has no key:"
            + " declare a primary key in the contract or call keyColumns(...)");
      }
      TableName log = TableName.parse(metadataTable, "metadata table");
      TableName.parse(PublicationLog.headsTable(log).toString(), "metadata heads table");
      TableName q = quarantineTable != null ? TableName.parse(quarantineTable, "quarantine table")
          : TableName.parse(target + QUARANTINE_SUFFIX, "quarantine table");
      JdbcPublicationStore.Settings main = new JdbcPublicationStore.Settings(port, dataSource,
          target, mode, keys, createTable, dialect, log, q, copy, schema, batchSize,
          tablePerMajor, major);
      JdbcPublicationStore.Settings quarantine = new JdbcPublicationStore.Settings(port,
          dataSource, q, WriteMode.APPEND, List.of(), true, dialect, log, q, copy,
          Quarantine.SCHEMA, batchSize, false, 0);
      return new JdbcPublicationStore(main, quarantine);
    }

    private static void checkColumns(String port, Schema schema) {
      Map<String, String> folded = new HashMap<>();
      for (Field f : schema.fields()) {
        try {
          TableName.checkIdentifier(f.name(), "column");
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Output port '" + port + "': " + e.getMessage(), e);
        }
        if (f.name().equalsIgnoreCase(Tables.PUBLICATION_COLUMN)) {
          throw new IllegalArgumentException("Output port '" + port + "': field name '"
              + f.name() + "' is reserved for the publication id the port writes");
        }
        String other = folded.put(f.name().toLowerCase(Locale.ROOT), f.name());
        if (other != null) {
          throw new IllegalArgumentException("Output port '" + port + "': fields '" + other
              + "' and '" + f.name() + "' differ only in case and would be the same column");
        }
      }
    }
  }
}
