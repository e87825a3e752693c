package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL upsert at COPY speed: rows are copied into a temporary staging table (dropped at the
 * end of the transaction), then merged with one {@code INSERT ... SELECT DISTINCT ON (key) ...
 * ON CONFLICT (key) DO UPDATE}; of several rows with one key in a publication the last wins.
 */
final class StagedUpsertSink implements RowSink.OfRows {
  static final String STAGE = "dataproduct_upsert_stage";
  static final String SEQ = "dataproduct_seq";

  private final Connection connection;
  private final CopySink copy;
  private final String merge;

  /**
   * @param table the quoted target table
   * @param columns the quoted columns written
   * @param keys the quoted key columns
   */
  StagedUpsertSink(Connection connection, String table, List<String> columns, List<String> keys,
      PgBinary.RowEncoder encoder) throws SQLException {
    this.connection = connection;
    String cols = String.join(", ", columns);
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TEMPORARY TABLE " + STAGE + " ON COMMIT DROP AS SELECT " + cols
          + " FROM " + table + " WITH NO DATA");
      st.execute("ALTER TABLE " + STAGE + " ADD COLUMN " + SEQ + " bigserial");
    }
    this.copy = new CopySink(connection, "COPY " + STAGE + " (" + cols
        + ") FROM STDIN (FORMAT binary)", encoder);
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(cols)
        .append(") SELECT DISTINCT ON (").append(String.join(", ", keys)).append(") ")
        .append(cols).append(" FROM ").append(STAGE).append(" ORDER BY ")
        .append(String.join(", ", keys)).append(", ").append(SEQ).append(" DESC ON CONFLICT (")
        .append(String.join(", ", keys)).append(") ");
    StringBuilder updates = new StringBuilder();
    for (String c : columns) {
      if (!keys.contains(c)) {
        updates.append(updates.length() == 0 ? "" : ", ").append(c).append(" = EXCLUDED.")
            .append(c);
      }
    }
    sql.append(updates.length() == 0 ? "DO NOTHING" : "DO UPDATE SET " + updates);
    this.merge = sql.toString();
  }

  @Override
  public void write(List<Row> rows) throws SQLException {
    copy.write(rows);
  }

  @Override
  public void finish() throws SQLException {
    copy.finish();
    try (Statement st = connection.createStatement()) {
      st.executeUpdate(merge);
      st.execute("DROP TABLE " + STAGE);
    }
  }

  @Override
  public void cancel() {
    copy.cancel();
  }

  @Override
  public long bytes() {
    return copy.bytes();
  }

  @Override
  public String operation() {
    return "MERGE";
  }
}
