package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Table DDL, column lookup and the check of columns against a schema. */
final class Tables {
  /** String columns longer than this are not given a max length when a schema is derived. */
  private static final int MAX_DERIVED_LENGTH = 10_485_760;

  private Tables() {}

  /** The columns of {@code table}, read from an empty result. */
  static List<Column> columns(Connection c, Database db, TableName table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + db.table(table) + " WHERE 1 = 0")) {
      return Column.of(rs.getMetaData());
    }
  }

  /** The column that tells which publication appended a row (APPEND tables). */
  static final String PUBLICATION_COLUMN = "dataproduct_publication_id";

  /** Creates {@code table} with columns for {@code fields} unless it exists (auto-commit). */
  static void createIfMissing(Connection c, Database db, TableName table, List<Field> fields,
      List<String> primaryKey) throws SQLException {
    createIfMissing(c, db, table, fields, primaryKey, false);
  }

  /**
   * Creates {@code table} unless it exists (auto-commit connection). With {@code
   * publicationColumn}, the table also gets {@value #PUBLICATION_COLUMN}, leading the primary key
   * (so keys are unique per publication, as contracts define them, and a publication's rows are
   * found through the key's index), or indexed on its own when there is no key.
   */
  static void createIfMissing(Connection c, Database db, TableName table, List<Field> fields,
      List<String> primaryKey, boolean publicationColumn) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
        .append(db.table(table)).append(" (");
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (i > 0) {
        ddl.append(", ");
      }
      ddl.append(db.id(f.name())).append(' ').append(db.dialect().columnType(f));
      if (f.isRequired()) {
        ddl.append(" NOT NULL");
      }
    }
    List<String> key = new ArrayList<>();
    if (publicationColumn) {
      ddl.append(", ").append(db.id(PUBLICATION_COLUMN)).append(' ')
          .append(db.dialect().columnType(Field.required(PUBLICATION_COLUMN, FieldType.INTEGER)))
          .append(" NOT NULL");
      if (!primaryKey.isEmpty()) {
        key.add(PUBLICATION_COLUMN);
      }
    }
    key.addAll(primaryKey);
    if (!key.isEmpty()) {
      ddl.append(", PRIMARY KEY (").append(String.join(", ", db.ids(key))).append(')');
    }
    ddl.append(')');
    try (Statement st = c.createStatement()) {
      st.execute(ddl.toString());
      if (publicationColumn && primaryKey.isEmpty()) {
        st.execute(publicationIndex(db, table));
      }
    } catch (SQLException e) {
      // two processes creating the same table at once: the loser sees a duplicate; fine if the
      // table is there now
      if (!exists(c, db, table)) {
        throw e;
      }
    }
  }

  private static String publicationIndex(Database db, TableName table) {
    String name = table.name() + "_publication_idx";
    if (name.length() > 63) {
      name = table.name().substring(0, 40) + "_" + Integer.toHexString(table.name().hashCode())
          + "_pub_idx";
    }
    if (db.dialect() instanceof PostgresDialect) {
      // block-range index: tiny and nearly free to maintain, ids only grow
      return "CREATE INDEX IF NOT EXISTS " + db.id(name) + " ON " + db.table(table)
          + " USING brin (" + db.id(PUBLICATION_COLUMN) + ")";
    }
    String qualified = table.schema() == null ? db.id(name) : db.id(table.schema()) + "."
        + db.id(name);
    return "CREATE INDEX IF NOT EXISTS " + qualified + " ON " + db.table(table) + " ("
        + db.id(PUBLICATION_COLUMN) + ")";
  }

  /** Whether {@code columns} include {@value #PUBLICATION_COLUMN}. */
  static boolean hasPublicationColumn(List<Column> columns) {
    return columns.stream().anyMatch(col -> col.label().equalsIgnoreCase(PUBLICATION_COLUMN));
  }

  /** Whether {@code table} can be selected from (auto-commit connection). */
  static boolean exists(Connection c, Database db, TableName table) {
    try (Statement st = c.createStatement()) {
      st.executeQuery("SELECT 1 FROM " + db.table(table) + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * For each field of {@code schema}, the column it maps to (by name, case-insensitively).
   *
   * @param where who asks, for the message: "Input port 'orders'"
   * @throws DataProductException naming every missing column and every incompatible type
   */
  static Column[] map(Schema schema, List<Column> columns, String where) {
    return map(schema, columns, where, false);
  }

  /**
   * {@link #map(Schema, List, String)} for a query an input port reads: each problem also says
   * how to fix it in the query or in the port's schema.
   */
  static Column[] mapQuery(Schema schema, List<Column> columns, String where) {
    return map(schema, columns, where, true);
  }

  private static Column[] map(Schema schema, List<Column> columns, String where,
      boolean query) {
    Map<String, Column> byName = new HashMap<>();
    for (Column col : columns) {
      byName.putIfAbsent(col.label().toLowerCase(Locale.ROOT), col);
    }
    Column[] out = new Column[schema.size()];
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      Field f = schema.field(i);
      Column col = byName.get(f.name().toLowerCase(Locale.ROOT));
      if (col == null) {
        problems.add("column '" + f.name() + "' is missing (columns are "
            + columns.stream().map(Column::label).collect(Collectors.toList()) + ")"
            + (query ? ": select it in the query (or add it to the table), or remove field '"
                + f.name() + "' from the port's schema" : ""));
      } else if (!col.accepts(f.type())) {
        problems.add("column '" + f.name() + "' is " + col.describe()
            + " in the database, which does not hold " + f.type().logicalTypeName() + " values"
            + " (field '" + f.name() + "' expects " + f.type().logicalTypeName() + ")"
            + (query ? ": read it cast to " + f.type().logicalTypeName() + " (a query with"
                + " CAST), or declare field '" + f.name() + "' with the column's type"
                + (logicalType(col) == null ? ""
                : " (" + logicalType(col).logicalTypeName() + ")") : ""));
      }
      out[i] = col;
    }
    if (!problems.isEmpty()) {
      throw new DataProductException(where + ": " + String.join("; ", problems));
    }
    return out;
  }

  /**
   * A schema for result columns: names as the database reports them (upper-case names of
   * upper-folding databases lowered), types from the column types.
   *
   * @throws DataProductException naming a column whose type maps to no logical type
   */
  static Schema derive(List<Column> columns, Database db, String where) {
    List<Field> fields = new ArrayList<>();
    for (Column col : columns) {
      String name = db.fieldName(col.label());
      FieldType type = logicalType(col);
      if (type == null) {
        throw new DataProductException(where + ": column '" + col.label() + "' has type "
            + col.describe() + ", which maps to no logical type; cast it in the query or"
            + " declare the expected schema");
      }
      Field f = col.nullable() ? Field.optional(name, type) : Field.required(name, type);
      if (type == FieldType.STRING && col.isCharacter() && col.precision() > 0
          && col.precision() <= MAX_DERIVED_LENGTH) {
        f = f.withMaxLength(col.precision());
      }
      if (type == FieldType.NUMBER && col.isDecimal() && col.precision() > 0
          && col.precision() <= 1000 && col.scale() >= 0 && col.scale() <= col.precision()) {
        f = f.withDecimal(col.precision(), col.scale());
      }
      fields.add(f);
    }
    return Schema.of(fields);
  }

  private static FieldType logicalType(Column col) {
    if (col.isInteger()) {
      return FieldType.INTEGER;
    }
    if (col.isDecimal() || col.isFloat()) {
      return FieldType.NUMBER;
    }
    if (col.isBoolean()) {
      return FieldType.BOOLEAN;
    }
    if (col.isDate()) {
      return FieldType.DATE;
    }
    if (col.isTimestamp()) {
      return FieldType.TIMESTAMP;
    }
    if (col.isJson()) {
      return FieldType.OBJECT;
    }
    if (col.isArray()) {
      return FieldType.ARRAY;
    }
    if (col.isCharacter() || col.isUuid()) {
      return FieldType.STRING;
    }
    return null;
  }

  /** Runs {@code sql} with string parameters; the update count. */
  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }
}
