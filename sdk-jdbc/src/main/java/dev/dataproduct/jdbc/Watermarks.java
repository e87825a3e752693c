package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The watermark table (default {@code dataproduct_watermarks}): per product and input port, the
 * highest value of the watermark column read by the last successful run, as text with its
 * logical type.
 */
final class Watermarks {
  private static final List<Field> COLUMNS = List.of(
      Field.required("product", FieldType.STRING).withMaxLength(128),
      Field.required("port", FieldType.STRING).withMaxLength(128),
      Field.required("watermark_column", FieldType.STRING).withMaxLength(63),
      Field.required("logical_type", FieldType.STRING).withMaxLength(16),
      Field.required("watermark", FieldType.STRING),
      Field.required("run_id", FieldType.STRING).withMaxLength(64),
      Field.required("updated_at", FieldType.TIMESTAMP));

  private final Database db;
  private final TableName table;
  private final String t;

  Watermarks(Database db, TableName table) {
    this.db = db;
    this.table = table;
    this.t = db.table(table);
  }

  /** Creates the table when missing (auto-commit connection). */
  void createTable(Connection c) throws SQLException {
    Tables.createIfMissing(c, db, table, COLUMNS, List.of("product", "port"));
  }

  /** The stored watermark of {@code product}/{@code port} on {@code column}, if any. */
  Optional<Object> load(Connection c, String product, String port, String column, Field field)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + db.id("watermark") + ", "
        + db.id("watermark_column") + " FROM " + t + " WHERE " + db.id("product") + " = ? AND "
        + db.id("port") + " = ?")) {
      ps.setString(1, product);
      ps.setString(2, port);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !column.equalsIgnoreCase(rs.getString(2))) {
          // never stored, or stored for another column: read everything
          return Optional.empty();
        }
        return Optional.of(parse(rs.getString(1), field));
      }
    }
  }

  /** Stores the watermark (auto-commit connection). */
  void store(Connection c, String product, String port, String column, Field field, Object value,
      String runId) throws SQLException {
    String text = format(value);
    // microseconds: what PostgreSQL and H2 keep, so the driver has nothing to round
    Object now = Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    String type = field.type().logicalTypeName();
    int n = Tables.update(c, "UPDATE " + t + " SET " + db.id("watermark_column") + " = ?, "
        + db.id("logical_type") + " = ?, " + db.id("watermark") + " = ?, " + db.id("run_id")
        + " = ?, " + db.id("updated_at") + " = ? WHERE " + db.id("product") + " = ? AND "
        + db.id("port") + " = ?", column, type, text, runId, now, product, port);
    if (n == 0) {
      try {
        Tables.update(c, "INSERT INTO " + t + " (" + String.join(", ", db.ids(List.of("product",
            "port", "watermark_column", "logical_type", "watermark", "run_id", "updated_at")))
            + ") VALUES (?, ?, ?, ?, ?, ?, ?)", product, port, column, type, text, runId, now);
      } catch (SQLException e) {
        // a concurrent run inserted it first: update instead
        if (Tables.update(c, "UPDATE " + t + " SET " + db.id("watermark") + " = ?, "
            + db.id("run_id") + " = ?, " + db.id("updated_at") + " = ? WHERE "
            + db.id("product") + " = ? AND " + db.id("port") + " = ?", text, runId, now,
            product, port) == 0) {
          throw e;
        }
      }
    }
  }

  static String format(Object value) {
    return value instanceof BigDecimal ? ((BigDecimal) value).toPlainString() : value.toString();
  }

  /** The value of a stored watermark, of the canonical type of {@code field}. */
  static Object parse(String text, Field field) {
    switch (field.type()) {
      case INTEGER:
        return Long.valueOf(text);
      case NUMBER:
        return new BigDecimal(text);
      case DATE:
        return LocalDate.parse(text);
      case TIMESTAMP:
        return Instant.parse(text);
      case STRING:
        return text;
      default:
        throw new IllegalArgumentException("Field '" + field.name() + "' of type "
            + field.type().logicalTypeName() + " cannot be a watermark");
    }
  }
}
