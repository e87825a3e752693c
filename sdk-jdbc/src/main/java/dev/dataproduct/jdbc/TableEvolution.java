package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.contract.DataContract;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits an existing table to the contract a publication is checked against, before any row is
 * written. A field without a column gets one when the port manages the table ({@code
 * createTableIfMissing()}) and the field is optional: that is how a compatible minor version that
 * adds an optional field evolves the table ({@code ALTER TABLE ... ADD COLUMN}). Anything else
 * that would keep rows out of the table fails the publication with a message naming each column
 * and its fix: a missing column, a column of the wrong type, a {@code NOT NULL} column without a
 * default that the contract does not have (a removed field).
 */
final class TableEvolution {
  private static final Logger LOG = LoggerFactory.getLogger(TableEvolution.class);

  private TableEvolution() {}

  /**
   * The fields whose columns {@link #addColumns} must add before the publication writes.
   *
   * @param columns the table's columns
   * @param managed whether the port manages the table ({@code createTableIfMissing()})
   * @param perMajor whether each major version has a table of its own
   * @param what the publication for messages: "Output port 'x' (table t)"
   * @throws DataProductException naming every column that does not fit the contract, and the fix
   */
  static List<Field> plan(Connection c, Database db, TableName table, DataContract contract,
      List<Column> columns, boolean managed, boolean perMajor, String what) throws SQLException {
    Map<String, Column> byName = new HashMap<>();
    for (Column col : columns) {
      byName.putIfAbsent(col.label().toLowerCase(Locale.ROOT), col);
    }
    String ownTable = perMajor ? "" : ", or publish the contract as a new major version to a"
        + " table of its own (tablePerMajorVersion() on the port)";
    List<Field> additions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Column> notNull = new ArrayList<>();
    Set<String> fields = new HashSet<>();
    for (Field f : contract.schema().fields()) {
      String name = f.name().toLowerCase(Locale.ROOT);
      fields.add(name);
      Column col = byName.get(name);
      if (col == null) {
        if (managed && !f.isRequired()) {
          additions.add(f);
        } else if (managed) {
          problems.add("column '" + f.name() + "' is missing and field '" + f.name()
              + "' is required, which a column added to a table holding rows cannot be: make"
              + " the field optional" + ownTable);
        } else {
          problems.add("column '" + f.name() + "' is missing (columns are "
              + columns.stream().map(Column::label).collect(Collectors.toList()) + "): add it ("
              + addColumn(db, table, f) + "), or call createTableIfMissing() on the port so that"
              + " it adds the columns of optional fields itself");
        }
      } else if (!col.accepts(f.type())) {
        problems.add("column '" + f.name() + "' is " + col.describe() + " in the database,"
            + " which does not hold " + f.type().logicalTypeName() + " values (field '"
            + f.name() + "' expects " + f.type().logicalTypeName() + "): change the column's"
            + " type" + ownTable);
      }
    }
    for (Column col : columns) {
      String name = col.label().toLowerCase(Locale.ROOT);
      if (!fields.contains(name) && !col.nullable()
          && !name.equalsIgnoreCase(Tables.PUBLICATION_COLUMN)) {
        notNull.add(col);
      }
    }
    if (!notNull.isEmpty()) {
      Set<String> filled = filledByDatabase(c, db, table);
      for (Column col : notNull) {
        String name = col.label().toLowerCase(Locale.ROOT);
        if (filled.contains(name)) {
          continue;
        }
        problems.add("column '" + db.fieldName(col.label()) + "' is NOT NULL without a default,"
            + " but contract '" + contract.id() + "' " + contract.version() + " has no field '"
            + db.fieldName(col.label()) + "', so no row could be inserted: let the column take"
            + " nulls (ALTER TABLE " + db.table(table) + " ALTER COLUMN "
            + db.dialect().quote(col.label()) + " DROP NOT NULL)" + ownTable);
      }
    }
    if (!problems.isEmpty()) {
      throw new DataProductException(what + ": " + String.join("; ", problems));
    }
    return additions;
  }

  /**
   * Adds a nullable column for each of {@code fields}, on the caller's connection: inside the
   * publication's transaction where the database keeps DDL in transactions (PostgreSQL), so the
   * columns appear with the rows or not at all.
   */
  static void addColumns(Connection c, Database db, TableName table, List<Field> fields,
      String what) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (Field f : fields) {
        st.execute(addColumn(db, table, f));
        LOG.info("{}: column {} added for optional field '{}'", what, db.id(f.name()),
            f.name());
      }
    }
  }

  private static String addColumn(Database db, TableName table, Field field) {
    return db.dialect().addColumn(db.table(table), db.id(field.name()),
        db.dialect().columnType(field));
  }

  /**
   * The columns (lower case) the database fills when an insert leaves them out: those with a
   * default, identity and generated columns.
   */
  private static Set<String> filledByDatabase(Connection c, Database db, TableName table)
      throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String escape = md.getSearchStringEscape();
    String schema = table.schema() != null ? db.fold(table.schema()) : c.getSchema();
    Set<String> out = new HashSet<>();
    try (ResultSet rs = md.getColumns(c.getCatalog(), pattern(schema, escape),
        pattern(db.fold(table.name()), escape), null)) {
      while (rs.next()) {
        if (rs.getString("COLUMN_DEF") != null || "YES".equals(rs.getString("IS_AUTOINCREMENT"))
            || "YES".equals(rs.getString("IS_GENERATEDCOLUMN"))) {
          out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  /** A metadata search pattern matching exactly {@code name} ({@code _} is a wildcard there). */
  private static String pattern(String name, String escape) {
    if (name == null || escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_")
        .replace("%", escape + "%");
  }
}
