package dev.dataproduct.jdbc;

/**
 * How a publication of a {@link JdbcOutputPort} changes its table. Every mode is transactional:
 * other connections see the table as it was until the publication commits, then all of it.
 */
public enum WriteMode {
  /** Adds the publication's rows to the table. PostgreSQL: binary {@code COPY}. */
  APPEND,
  /**
   * Replaces the table's rows with the publication's ({@code DELETE} then insert, in one
   * transaction): readers see the old rows until the commit, never an empty table. Publications
   * of one overwrite port are serialised.
   */
  OVERWRITE,
  /**
   * Inserts rows, or updates the row with the same key columns (the contract's primary key unless
   * {@link JdbcOutputPort.Builder#keyColumns} says otherwise). Running the same publication twice
   * leaves the same table. PostgreSQL: {@code COPY} into a staging table, then {@code INSERT ...
   * ON CONFLICT}; H2: {@code MERGE ... KEY}. The key columns need a primary key or unique
   * constraint on PostgreSQL (created with the table by {@link
   * JdbcOutputPort.Builder#createTableIfMissing}).
   */
  UPSERT
}
