package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The writing pass of the ordered job ({@link PortJob}'s fallback when a key repeats), on the
 * executors, over rows {@link MarkPartition marked} with their position and, per key, whether the
 * shuffle found them a duplicate: each row is judged as the run judges it (conformance, value
 * domain, rules, then the duplicates, in key order); an accepted row goes to the port's part, a
 * rejected one to the quarantine's ({@link PartOutput}). The task's {@link TaskReport} goes to the
 * accumulator.
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
    int columns = in.size();
    OutputJudge judge = config.judge();
    List<OutputJudge.Key> keyList = judge.keys();
    Schema naming = SparkRows.naming(in, columns, config.port);
    PartOutput out = new PartOutput(config, data, quarantine, TaskContext.get());
    while (rows.hasNext()) {
      Row r = rows.next();
      long position = r.getLong(columns);
      OutputJudge.Verdict v = judge.judge(SparkRows.toRow(naming, r));
      int order = out.warned(v.warnings(), position);
      String ruleId = v.ruleId();
      Action action = v.action();
      String reason = v.reason();
      if (v.accepted()) {
        for (int k = 0; k < keys; k++) {
          if (!r.getBoolean(columns + 2 + keys + k)) {
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
