package dev.dataproduct.iceberg;

import dev.dataproduct.InputPort;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.ProductInputBuilder;
import dev.dataproduct.spi.PublicationStore;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Input ports reading Apache Iceberg tables: another data product's Iceberg output port ({@link
 * #product}), or any Iceberg table with the schema this product expects ({@link #table}).
 *
 * <pre>{@code
 * // consume the publications of the daily-revenue product, contract 1.x, as an analyst
 * InputPort revenue = IcebergInputPort.product("revenue")
 *     .catalog(catalog).table(TableIdentifier.of("sales", "daily_revenue"))
 *     .upstream("daily-revenue", "revenue-table")
 *     .as("analyst")
 *     .schema(REVENUE)
 *     .contractMajor(1)
 *     .build();
 *
 * // read a raw table: yesterday's state, one country
 * InputPort orders = IcebergInputPort.table(catalog, TableIdentifier.of("raw", "orders"), ORDERS)
 *     .filter(Expressions.equal("country", "PT"))
 *     .asOf(Instant.now().minus(Duration.ofDays(1)))
 *     .build();
 * }</pre>
 */
public final class IcebergInputPort {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private IcebergInputPort() {}

  /**
   * A port reading a publication of another product's Iceberg output port: the latest (default)
   * or a given one, as this product, through the access policies the owner's run kept with the
   * contract in the table (a {@link ProductInputPort}; the upstream owner grants this product a
   * role, declared with {@link ProductBuilder#as}). A publication is the snapshot its run
   * committed, read by Iceberg time travel; the contract it was checked against must have an
   * accepted major version. The table is never created or changed.
   */
  public static ProductBuilder product(String name) {
    return new ProductBuilder(name);
  }

  /**
   * A port reading any Iceberg table through Iceberg's generic reader: its current snapshot, or
   * one chosen by {@link TableBuilder#snapshot id} or {@link TableBuilder#asOf time}, optionally
   * only the rows matching a {@link TableBuilder#filter}. Each field of {@code expected} reads
   * the column of the same name:
   *
   * <table>
   *   <caption>Iceberg column types each logical type reads</caption>
   *   <tr><th>field</th><th>columns</th></tr>
   *   <tr><td>string</td><td>string, uuid</td></tr>
   *   <tr><td>integer</td><td>int, long</td></tr>
   *   <tr><td>number</td><td>decimal(p, s), double, float, int, long</td></tr>
   *   <tr><td>boolean</td><td>boolean</td></tr>
   *   <tr><td>date</td><td>date</td></tr>
   *   <tr><td>timestamp</td><td>timestamptz, timestamp (taken as UTC), timestamp_ns,
   *       timestamptz_ns</td></tr>
   *   <tr><td>object</td><td>struct (a map of its fields), map, string holding a JSON
   *       object</td></tr>
   *   <tr><td>array</td><td>list, string holding a JSON array</td></tr>
   * </table>
   *
   * <p>The read fails before any row, naming every problem, when a required field has no column
   * or a column's type is not one its field reads; an optional field without a column reads as
   * null. Values are handed on as they are: the run's schema conformance checks them (a null in
   * a required field, a decimal beyond the declared one is quarantined with a reason). The port
   * is named after the table unless {@link TableBuilder#name} says otherwise.
   *
   * @param catalog the catalog holding the table; the user's, never closed by the port
   * @param table the table to read
   * @param expected the fields this product reads
   */
  public static TableBuilder table(Catalog catalog, TableIdentifier table, Schema expected) {
    return new TableBuilder(catalog, table, expected);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid input port name '" + name
          + "': use letters, digits and - _ . (at most 128 characters, starting alphanumeric)");
    }
    return name;
  }

  /**
   * Builds a port over another product's Iceberg publications: a {@link ProductInputPort}
   * reading a read-only view of the upstream table, as this product with the roles of {@link
   * #as}; access is decided with the policies kept with each contract version. A publication's
   * id ({@link #publication}) is the sequence number of the snapshot its run committed.
   */
  public static final class ProductBuilder extends ProductInputBuilder<ProductBuilder> {
    private Catalog catalog;
    private TableIdentifier table;

    private ProductBuilder(String name) {
      super(checkName(name));
    }

    /** The catalog holding the upstream table (required); never closed by the port. */
    public ProductBuilder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** The table of the upstream output port (required). */
    public ProductBuilder table(TableIdentifier table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    @Override
    protected void checkSettings() {
      if (catalog == null) {
        throw new IllegalArgumentException("Input port '" + name() + "' has no catalog; set"
            + " catalog(...)");
      }
      if (table == null) {
        throw new IllegalArgumentException("Input port '" + name() + "' has no table; set"
            + " table(TableIdentifier.of(\"namespace\", \"table\"))");
      }
    }

    @Override
    protected PublicationStore store() {
      return new PublishedTable(new IcebergPublicationStore(catalog, table, false, 0, null,
          128L * 1024 * 1024, false));
    }
  }

  /** Builds a port over a raw Iceberg table; see {@link IcebergInputPort#table}. */
  public static final class TableBuilder {
    private final Catalog catalog;
    private final TableIdentifier table;
    private final Schema schema;
    private String name;
    private Expression filter = Expressions.alwaysTrue();
    private Long snapshotId;
    private Instant asOf;

    private TableBuilder(Catalog catalog, TableIdentifier table, Schema expected) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      this.table = Objects.requireNonNull(table, "table");
      this.schema = Objects.requireNonNull(expected, "expected");
      this.name = table.name();
    }

    /** The port's name (default: the table's name). */
    public TableBuilder name(String name) {
      this.name = checkName(name);
      return this;
    }

    /**
     * Reads only the rows matching {@code filter} ({@link Expressions}: {@code
     * Expressions.greaterThanOrEqual("day", "2026-12-01")}); Iceberg skips the data files that
     * cannot match. The columns it names must exist in the snapshot read.
     */
    public TableBuilder filter(Expression filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Reads the snapshot with this id (Iceberg time travel) instead of the current one. */
    public TableBuilder snapshot(long snapshotId) {
      this.snapshotId = snapshotId;
      this.asOf = null;
      return this;
    }

    /**
     * Reads the table as it was at {@code time}: the last snapshot committed at or before it
     * (Iceberg time travel). Fails the read when the table has no snapshot that old.
     */
    public TableBuilder asOf(Instant time) {
      this.asOf = Objects.requireNonNull(time, "time");
      this.snapshotId = null;
      return this;
    }

    /**
     * The port.
     *
     * @throws IllegalArgumentException when the table's name is not a valid port name; set
     *     {@link #name}
     */
    public InputPort build() {
      return new TableInputPort(checkName(name), catalog, table, schema, filter, snapshotId,
          asOf);
    }
  }
}
