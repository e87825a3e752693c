package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What the ports learn about a database from its first connection: the dialect and how it folds
 * unquoted identifiers. Identifiers are folded the same way before they are quoted, so {@code
 * orders} names the table a plain {@code CREATE TABLE orders} made (lower case on PostgreSQL,
 * upper case on H2), while reserved words and odd names stay safe.
 */
final class Database {
  enum Case { UPPER, LOWER, AS_IS }

  private final SqlDialect dialect;
  private final Case identifierCase;
  private final boolean transactionalDdl;

  Database(SqlDialect dialect, Case identifierCase, boolean transactionalDdl) {
    this.dialect = dialect;
    this.identifierCase = identifierCase;
    this.transactionalDdl = transactionalDdl;
  }

  /**
   * Inspects {@code connection}; {@code configured} wins over detection when not null.
   *
   * @throws DataProductException when the database has no built-in dialect and none was given
   */
  static Database of(Connection connection, SqlDialect configured) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    Case c = md.storesUpperCaseIdentifiers() ? Case.UPPER
        : md.storesLowerCaseIdentifiers() ? Case.LOWER : Case.AS_IS;
    // PostgreSQL: yes; H2 commits the open transaction on DDL
    boolean ddl = md.supportsDataDefinitionAndDataManipulationTransactions()
        && !md.dataDefinitionCausesTransactionCommit();
    if (configured != null) {
      return new Database(configured, c, ddl);
    }
    String product = md.getDatabaseProductName();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return new Database(SqlDialect.postgresql(), c, ddl);
    }
    if (p.equals("h2")) {
      return new Database(SqlDialect.h2(), c, ddl);
    }
    throw new DataProductException("Database '" + product + "' has no built-in SQL dialect"
        + " (built in: PostgreSQL, H2); pass one with dialect(...)");
  }

  SqlDialect dialect() {
    return dialect;
  }

  /**
   * Whether DDL ({@code ALTER TABLE}) can run inside a transaction with the rows and commit or
   * roll back with them (PostgreSQL), rather than commit the transaction it runs in (H2).
   */
  boolean transactionalDdl() {
    return transactionalDdl;
  }

  /** The identifier as the database stores it unquoted. */
  String fold(String identifier) {
    switch (identifierCase) {
      case UPPER:
        return identifier.toUpperCase(Locale.ROOT);
      case LOWER:
        return identifier.toLowerCase(Locale.ROOT);
      default:
        return identifier;
    }
  }

  /** Folded and quoted. */
  String id(String identifier) {
    return dialect.quote(fold(identifier));
  }

  /** The table, folded and quoted part by part. */
  String table(TableName t) {
    return t.schema() == null ? id(t.name()) : id(t.schema()) + "." + id(t.name());
  }

  /** Each identifier folded and quoted. */
  List<String> ids(List<String> identifiers) {
    return identifiers.stream().map(this::id).collect(java.util.stream.Collectors.toList());
  }

  /** A column label as a field name: upper-case labels of an upper-folding database lowered. */
  String fieldName(String label) {
    if (identifierCase == Case.UPPER && label.equals(label.toUpperCase(Locale.ROOT))) {
      return label.toLowerCase(Locale.ROOT);
    }
    return label;
  }
}
