package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Multi-row {@code INSERT ... VALUES (..), (..), ...} whose parameters are bound on the run thread
 * while the writer thread executes the statements bound before: binding and executing overlap.
 * Used on H2, where binding a parameter builds the engine's value (type conversion, H2's value
 * cache) inside the statement without touching the session, and costs about a fifth of H2's
 * insert work per row (JFR profile of {@code JdbcWriteBenchmark}).
 *
 * <p>Statements come from a fixed pool prepared up front on the thread that opens the
 * publication. Each is used by one thread at a time: bound on the run thread, handed over through
 * the writer's queue, executed on the writer thread, handed back through the pool. Rows that do
 * not fill a statement wait in {@code pending} (owned by the run thread, read by the writer
 * thread in {@link #finish}, which the commit hand-over orders after the last {@link #stage}).
 */
final class PipelinedInsertSink implements RowSink<PreparedStatement> {
  /** Statements in the pool: one being bound, one executing, one queued. */
  static final int STATEMENTS = 3;
  private static final long POLL_MILLIS = 50;

  private final Connection connection;
  private final String prefix;
  private final String rowValues;
  private final Binding binding;
  private final Row[] pending;
  private final List<PreparedStatement> statements = new ArrayList<>(STATEMENTS);
  private final BlockingQueue<PreparedStatement> free = new ArrayBlockingQueue<>(STATEMENTS);
  private volatile boolean cancelled;
  private int count;

  /**
   * Prepares the pool on {@code connection}.
   *
   * @param prefix {@code INSERT INTO t (a, b) VALUES }
   * @param rowValues the values of one row: {@code (?, ?)}
   */
  PipelinedInsertSink(Connection connection, String prefix, String rowValues, Binding binding,
      int rowsPerStatement) throws SQLException {
    this.connection = connection;
    this.prefix = prefix;
    this.rowValues = rowValues;
    this.binding = binding;
    this.pending = new Row[rowsPerStatement];
    String sql = InsertSink.sql(prefix, rowValues, rowsPerStatement);
    try {
      for (int i = 0; i < STATEMENTS; i++) {
        PreparedStatement ps = connection.prepareStatement(sql);
        statements.add(ps);
        free.add(ps);
      }
    } catch (SQLException | RuntimeException e) {
      closeAll();
      throw e;
    }
  }

  /**
   * Binds every full statement's worth of rows and hands each statement over as soon as it is
   * bound, so that waiting for a free statement always waits on the writer; keeps the rest
   * pending. Run thread.
   */
  @Override
  public void stage(List<Row> rows, Consumer<PreparedStatement> out) throws SQLException {
    for (int i = 0, n = rows.size(); i < n; i++) {
      pending[count++] = rows.get(i);
      if (count == pending.length) {
        PreparedStatement ps = take();
        bindPending(ps);
        out.accept(ps);
      }
    }
  }

  private PreparedStatement take() throws SQLException {
    try {
      PreparedStatement ps;
      while ((ps = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
        if (cancelled) {
          throw new SQLException("The publication's writer stopped");
        }
      }
      return ps;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a statement to execute", e);
    }
  }

  private void bindPending(PreparedStatement ps) throws SQLException {
    int width = binding.columns();
    for (int r = 0; r < count; r++) {
      binding.bind(ps, 1 + r * width, pending[r]);
      pending[r] = null;
    }
    count = 0;
  }

  /** Executes a bound statement and returns it to the pool. Writer thread. */
  @Override
  public void write(PreparedStatement staged) throws SQLException {
    staged.executeUpdate();
    free.add(staged);
  }

  /** Inserts the pending rows with a statement of their size, then closes the pool. */
  @Override
  public void finish() throws SQLException {
    try {
      if (count > 0) {
        try (PreparedStatement rest =
            connection.prepareStatement(InsertSink.sql(prefix, rowValues, count))) {
          bindPending(rest);
          rest.executeUpdate();
        }
      }
    } finally {
      closeAll();
    }
  }

  /** Wakes a run thread waiting for a statement; it then fails (the writer reports why). */
  @Override
  public void cancel() {
    cancelled = true;
    closeAll();
  }

  private void closeAll() {
    for (PreparedStatement ps : statements) {
      Sql.closeQuietly(ps);
    }
  }

  @Override
  public String operation() {
    return "INSERT";
  }
}
