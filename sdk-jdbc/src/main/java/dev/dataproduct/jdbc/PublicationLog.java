package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Publication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The publication log: one row per committed publication in the metadata table (default {@code
 * dataproduct_publications}), written in the transaction of the data, and one row per table and
 * port in its heads table ({@code <metadata table>_heads}) holding the last id. Taking the next
 * id updates the head row, which locks it until commit: concurrent publications of one port
 * commit one after the other and get consecutive ids, and an aborted one leaves no gap.
 */
final class PublicationLog {
  private static final List<Field> LOG_COLUMNS = List.of(
      Field.required("table_name", FieldType.STRING).withMaxLength(200),
      Field.required("port", FieldType.STRING).withMaxLength(128),
      Field.required("publication_id", FieldType.INTEGER),
      Field.required("product", FieldType.STRING).withMaxLength(128),
      Field.required("product_version", FieldType.STRING).withMaxLength(64),
      Field.required("run_id", FieldType.STRING).withMaxLength(64),
      Field.required("write_mode", FieldType.STRING).withMaxLength(16),
      Field.required("row_count", FieldType.INTEGER),
      Field.required("byte_count", FieldType.INTEGER),
      Field.required("contract_id", FieldType.STRING).withMaxLength(256),
      Field.required("contract_version", FieldType.STRING).withMaxLength(64),
      Field.required("contract", FieldType.STRING),
      Field.required("committed_at", FieldType.TIMESTAMP));
  private static final List<Field> HEAD_COLUMNS = List.of(
      Field.required("table_name", FieldType.STRING).withMaxLength(200),
      Field.required("port", FieldType.STRING).withMaxLength(128),
      Field.required("last_id", FieldType.INTEGER));

  private final Database db;
  private final TableName logTable;
  private final String log;
  private final String heads;
  private final String selectColumns;

  PublicationLog(Database db, TableName logTable) {
    this.db = db;
    this.logTable = logTable;
    this.log = db.table(logTable);
    this.heads = db.table(headsTable(logTable));
    this.selectColumns = String.join(", ", db.ids(List.of("publication_id", "run_id",
        "row_count", "byte_count", "contract_version", "committed_at")));
  }

  static TableName headsTable(TableName logTable) {
    return logTable.withName(logTable.name() + "_heads");
  }

  /** Creates the log and heads tables when missing (auto-commit connection). */
  void createTables(Connection c) throws SQLException {
    Tables.createIfMissing(c, db, logTable, LOG_COLUMNS,
        List.of("table_name", "port", "publication_id"));
    Tables.createIfMissing(c, db, headsTable(logTable), HEAD_COLUMNS,
        List.of("table_name", "port"));
  }

  /** Makes sure the head row of {@code table}/{@code port} exists (auto-commit connection). */
  void createHead(Connection c, String table, String port) throws SQLException {
    if (headExists(c, table, port)) {
      return;
    }
    try {
      insertHead(c, table, port);
    } catch (SQLException e) {
      // another process inserted it first
      if (!headExists(c, table, port)) {
        throw e;
      }
    }
  }

  private boolean headExists(Connection c, String table, String port) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + heads + " WHERE "
        + db.id("table_name") + " = ? AND " + db.id("port") + " = ?")) {
      ps.setString(1, table);
      ps.setString(2, port);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void insertHead(Connection c, String table, String port) throws SQLException {
    // resumes from the log if the heads table was lost
    Tables.update(c, "INSERT INTO " + heads + " (" + db.id("table_name") + ", " + db.id("port")
        + ", " + db.id("last_id") + ") SELECT ?, ?, COALESCE(MAX(" + db.id("publication_id")
        + "), 0) FROM " + log + " WHERE " + db.id("table_name") + " = ? AND " + db.id("port")
        + " = ?", table, port, table, port);
  }

  /**
   * The next publication id, taken in the caller's transaction: the head row stays locked until
   * it commits or rolls back.
   */
  long nextId(Connection c, String table, String port) throws SQLException {
    String where = " WHERE " + db.id("table_name") + " = ? AND " + db.id("port") + " = ?";
    int n = Tables.update(c, "UPDATE " + heads + " SET " + db.id("last_id") + " = "
        + db.id("last_id") + " + 1" + where, table, port);
    if (n == 0) {
      insertHead(c, table, port);
      Tables.update(c, "UPDATE " + heads + " SET " + db.id("last_id") + " = "
          + db.id("last_id") + " + 1" + where, table, port);
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + db.id("last_id") + " FROM "
        + heads + where)) {
      ps.setString(1, table);
      ps.setString(2, port);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Records a publication in the caller's transaction. */
  void record(Connection c, Publication p, String table, String product, String productVersion,
      WriteMode mode, String contractId, String contractText) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + log + " ("
        + String.join(", ", db.ids(LOG_COLUMNS.stream().map(Field::name)
            .collect(java.util.stream.Collectors.toList())))
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, table);
      ps.setString(2, p.port());
      ps.setLong(3, p.id());
      ps.setString(4, product);
      ps.setString(5, productVersion);
      ps.setString(6, p.runId());
      ps.setString(7, mode.name());
      ps.setLong(8, p.rows());
      ps.setLong(9, p.bytes());
      ps.setString(10, contractId);
      ps.setString(11, p.contractVersion());
      ps.setString(12, contractText);
      ps.setObject(13, p.committedAt().atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  /** Every recorded publication of {@code table}/{@code port}, by ascending id. */
  List<Publication> list(Connection c, String table, String port) throws SQLException {
    return query(c, table, port, " ORDER BY " + db.id("publication_id"), Integer.MAX_VALUE);
  }

  /** The newest recorded publication. */
  Optional<Publication> latest(Connection c, String table, String port) throws SQLException {
    List<Publication> l = query(c, table, port, " ORDER BY " + db.id("publication_id")
        + " DESC", 1);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  private List<Publication> query(Connection c, String table, String port, String order,
      int max) throws SQLException {
    List<Publication> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + selectColumns + " FROM " + log
        + " WHERE " + db.id("table_name") + " = ? AND " + db.id("port") + " = ?" + order)) {
      ps.setString(1, table);
      ps.setString(2, port);
      ps.setMaxRows(max == Integer.MAX_VALUE ? 0 : max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant at = rs.getObject(6, OffsetDateTime.class).toInstant();
          out.add(new Publication(port, rs.getLong(1), rs.getString(2), rs.getLong(3),
              rs.getLong(4), rs.getString(5), at, table));
        }
      }
    }
    return out;
  }

  /** The stored contract of a publication, as written by {@link StoredContracts}. */
  Optional<String> contract(Connection c, String table, String port, long id)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + db.id("contract") + " FROM " + log
        + " WHERE " + db.id("table_name") + " = ? AND " + db.id("port") + " = ? AND "
        + db.id("publication_id") + " = ?")) {
      ps.setString(1, table);
      ps.setString(2, port);
      ps.setLong(3, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  @Override
  public String toString() {
    return logTable.toString();
  }
}
