package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The writing pass of the ordered job ({@link PortJob}'s fallback when a key repeats), on the
 * executors, over rows {@link MarkPartition marked} with their position and, per key, whether the
 * shuffle found them a duplicate: each row is judged as the run judges it (conformance, value
 * domain, rules, then the duplicates, in key order); an accepted row goes to the port's part, a
 * rejected one to the quarantine's ({@link PartOutput}). The task's {@link TaskReport} goes to the
 * accumulator.
 *
 * <p>Over the plan's own rows ({@link #internal()}) each row is read as the single pass reads it
 * ({@link InternalRows}); {@link #call} reads {@code Row}s, for Spark Connect.
 */
final class WritePartition implements ForeachPartitionFunction<Row> {
  private static final long serialVersionUID = 1L;

  private final JudgeConfig config;
  private final StructType in;
  private final int keys;
  private final DistributedWrite.PartWriters data;
  private final DistributedWrite.PartWriters quarantine;
  private final CollectionAccumulator<TaskReport> reports;

  /**
   * @param in the transform's columns, at the start of each marked row
   * @param keys the number of keys marked
   */
  WritePartition(JudgeConfig config, StructType in, int keys,
      DistributedWrite.PartWriters data, DistributedWrite.PartWriters quarantine,
      CollectionAccumulator<TaskReport> reports) {
    this.config = config;
    this.in = in;
    this.keys = keys;
    this.data = data;
    this.quarantine = quarantine;
    this.reports = reports;
  }

  @Override
  public void call(Iterator<Row> rows) {
    Schema naming = SparkRows.naming(in, in.size(), config.port);
    int columns = in.size();
    write(rows, r -> SparkRows.toRow(naming, r), r -> r.getLong(columns),
        (r, k) -> r.getBoolean(columns + 2 + keys + k));
  }

  /** The same pass over the plan's internal rows, read as the single pass reads them. */
  VoidFunction<Iterator<InternalRow>> internal() {
    return rows -> {
      Schema naming = SparkRows.naming(in, in.size(), config.port);
      InternalRows reader = new InternalRows(in, naming);
      int columns = in.size();
      write(rows, reader::toRow, r -> r.getLong(columns),
          (r, k) -> r.getBoolean(columns + 2 + keys + k));
    };
  }

  /** Whether a marked row is a duplicate under key {@code k}. */
  @FunctionalInterface
  private interface Duplicate<T> {
    boolean test(T row, int k);
  }

  private <T> void write(Iterator<T> rows, Function<T, dev.dataproduct.Row> convert,
      ToLongFunction<T> positionOf, Duplicate<T> duplicate) {
    OutputJudge judge = config.judge();
    List<OutputJudge.Key> keyList = judge.keys();
    PartOutput out = new PartOutput(config, data, quarantine, TaskContext.get());
    while (rows.hasNext()) {
      T r = rows.next();
      long position = positionOf.applyAsLong(r);
      OutputJudge.Verdict v = judge.judge(convert.apply(r));
      int order = out.warned(v.warnings(), position);
      String ruleId = v.ruleId();
      Action action = v.action();
      String reason = v.reason();
      if (v.accepted()) {
        for (int k = 0; k < keys; k++) {
          if (!duplicate.test(r, k)) {
            continue;
          }
          OutputJudge.Key key = keyList.get(k);
          String why = judge.duplicateReason(k, v.row());
          if (key.action() == Action.WARN) {
            out.warned(key.ruleId(), why, position, order++);
            continue;
          }
          ruleId = key.ruleId();
          action = key.action();
          reason = why;
          break;
        }
      }
      if (ruleId == null) {
        out.accept(v.row());
      } else {
        out.reject(v.row(), ruleId, action, reason, position, order);
      }
    }
    reports.add(out.finish());
  }
}
