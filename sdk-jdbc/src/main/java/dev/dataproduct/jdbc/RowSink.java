package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves rows into the open transaction of a publication, in two steps. {@link #stage} runs on
 * the run thread for each batch, beside the writer thread; what it hands out travels through the
 * writer's bounded queue to {@link #write}, which runs on the publication's writer thread, as do
 * {@link #finish} and {@link #cancel}. The queue's hand-over orders the two threads' accesses.
 *
 * <p>Most sinks do all database work on the writer thread and stage a copy of the rows ({@link
 * OfRows}). A sink may do part of the work in {@code stage} where the driver allows it while the
 * writer thread uses the connection ({@link PipelinedInsertSink}, on H2).
 *
 * @param <S> what {@code stage} hands to {@code write}
 */
interface RowSink<S> {

  /**
   * On the run thread: prepares a batch for the writer thread, handing each prepared piece to
   * {@code out} as soon as it is ready ({@code out} blocks while the writer is behind, and throws
   * when the writer failed).
   */
  void stage(List<Row> rows, Consumer<S> out) throws SQLException;

  /** On the writer thread: writes what {@link #stage} prepared. */
  void write(S staged) throws SQLException;

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

  /** A sink that does all its work on the writer thread, from an immutable copy of each batch. */
  interface OfRows extends RowSink<List<Row>> {
    @Override
    default void stage(List<Row> rows, Consumer<List<Row>> out) {
      out.accept(List.copyOf(rows));
    }
  }
}
