package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.SQLException;
import java.util.List;

/**
 * Moves rows into the open transaction of a publication. Used by the publication's writer thread
 * only, after being set up on the thread that opened the publication.
 */
interface RowSink {

  /** Writes (or stages) rows. */
  void write(List<Row> rows) throws SQLException;

  /** Writes everything still staged; afterwards all rows are in the transaction. */
  void finish() throws SQLException;

  /** Abandons what is in flight before the transaction is rolled back. Never throws. */
  default void cancel() {}

  /** Bytes sent to the database so far, or -1 when not known. Read from any thread. */
  default long bytes() {
    return -1;
  }

  /** The operation for {@code db.operation.name}: COPY, INSERT, MERGE. */
  String operation();
}
