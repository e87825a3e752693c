package dev.dataproduct.jdbc;

import dev.dataproduct.spi.ValueDomain;
import dev.dataproduct.Field;
import java.util.List;

/**
 * What differs between databases in the SQL the JDBC ports generate: column types for {@code
 * CREATE TABLE}, how a JSON value is bound, the upsert statement, and how many rows one {@code
 * INSERT} carries. PostgreSQL and H2 are built in and detected from the connection; pass another
 * dialect to {@link JdbcOutputPort.Builder#dialect} or {@link JdbcInputPort.Builder#dialect} for
 * other databases.
 *
 * <p>Identifiers reach a dialect validated (letters, digits, underscores) and already quoted with
 * {@link #quote}; values are always bound parameters, never part of the SQL text.
 *
 * <pre>{@code
 * OutputPort port = JdbcOutputPort.builder("revenue")
 *     .dataSource(ds).table("sales.daily_revenue")
 *     .dialect(SqlDialect.postgresql())     // optional: detected when omitted
 *     .contract(contract)
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be immutable and thread-safe.
 */
public interface SqlDialect {

  /** The built-in PostgreSQL dialect: binary {@code COPY} fast path, {@code ON CONFLICT} upsert. */
  static SqlDialect postgresql() {
    return PostgresDialect.INSTANCE;
  }

  /** The built-in H2 dialect: multi-row inserts, {@code MERGE ... KEY} upsert. */
  static SqlDialect h2() {
    return H2Dialect.INSTANCE;
  }

  /**
   * The database as the OpenTelemetry attribute {@code db.system.name} names it: {@code
   * postgresql}, {@code h2database}, {@code mysql}, ...
   */
  String systemName();

  /** Quotes an identifier that has already been validated (letters, digits, underscores). */
  default String quote(String identifier) {
    return '"' + identifier + '"';
  }

  /**
   * The column type of {@code field} in {@code CREATE TABLE}, without {@code NOT NULL} (added by
   * the caller for required fields).
   */
  String columnType(Field field);

  /**
   * A statement adding a nullable column to an existing table, doing nothing when the column is
   * already there (another publication added it first): how a compatible contract that adds an
   * optional field evolves a table the port manages. The default is {@code ALTER TABLE t ADD
   * COLUMN IF NOT EXISTS c type} (PostgreSQL, H2).
   *
   * @param table the quoted, possibly schema-qualified table
   * @param column the quoted column
   * @param type the column type, from {@link #columnType}
   */
  default String addColumn(String table, String column, String type) {
    return "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " " + type;
  }

  /**
   * The placeholder binding a value of {@code field} into a column of database type {@code
   * columnTypeName} (as {@code ResultSetMetaData.getColumnTypeName} reports it), e.g. {@code
   * CAST(? AS jsonb)} for a JSON column. The value is bound as a string for JSON columns.
   */
  default String placeholder(Field field, String columnTypeName) {
    return "?";
  }

  /**
   * A statement inserting one row or updating the row with the same key: parameters are the
   * {@code columns} in order.
   *
   * @param table the quoted, possibly schema-qualified table
   * @param columns the quoted columns
   * @param keyColumns the quoted key columns, a subset of {@code columns}
   * @param placeholders one placeholder per column, see {@link #placeholder}
   */
  String upsert(String table, List<String> columns, List<String> keyColumns,
      List<String> placeholders);

  /**
   * The values this database keeps exactly in the columns {@link #columnType} creates; the core
   * quarantines rows holding others (see {@link
   * dev.dataproduct.spi.PublicationStore#valueDomain()}). The default is what UTF-8 text can hold:
   * no unpaired surrogates, finite numbers in JSON documents. A database keeping timestamps to
   * less than the nanosecond declares its {@code timestampPrecision} (PostgreSQL and H2: {@code
   * MICROS}): finer timestamps are then quarantined, and the writer refuses any that reaches it,
   * instead of letting the driver round it.
   */
  default ValueDomain valueDomain() {
    return ValueDomain.builder(systemName()).build();
  }

  /**
   * How many rows one multi-row {@code INSERT ... VALUES (..), (..)} carries for a table of
   * {@code columns} columns (bounded by the driver's parameter limit).
   */
  default int rowsPerInsert(int columns) {
    return Math.max(1, Math.min(500, 32_767 / Math.max(1, columns)));
  }
}
