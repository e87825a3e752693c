package dev.dataproduct.spark;

import dev.dataproduct.Schema;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The writing pass over a port's dataset, on the executors: each row is judged as the run judges
 * it (conformance, value domain, rules, then the duplicates the shuffle found, in key order); an
 * accepted row goes to the port's part writer, a rejected one to the quarantine's, as its
 * quarantine record. One {@link TaskReport} per task goes back to the driver; the parts are also
 * added to accumulators, so that the driver can delete what finished tasks wrote if the job
 * fails. A failing task deletes what it wrote.
 */
final class WritePartition implements MapPartitionsFunction<Row, byte[]> {
  private static final long serialVersionUID = 1L;

  private final JudgeConfig config;
  private final org.apache.spark.sql.types.StructType in;
  private final int columns;
  private final int keys;
  private final DistributedWrite.PartWriters data;
  private final DistributedWrite.PartWriters quarantine;
  private final CollectionAccumulator<DistributedWrite.Part> dataParts;
  private final CollectionAccumulator<DistributedWrite.Part> quarantineParts;

  /**
   * @param columns the number of the transform's columns at the start of each row
   * @param keys the number of keys marked ({@link MarkPartition}), 0 when the rows are unmarked
   */
  WritePartition(JudgeConfig config, org.apache.spark.sql.types.StructType in, int columns,
      int keys, DistributedWrite.PartWriters data, DistributedWrite.PartWriters quarantine,
      CollectionAccumulator<DistributedWrite.Part> dataParts,
      CollectionAccumulator<DistributedWrite.Part> quarantineParts) {
    this.config = config;
    this.in = in;
    this.columns = columns;
    this.keys = keys;
    this.data = data;
    this.quarantine = quarantine;
    this.dataParts = dataParts;
    this.quarantineParts = quarantineParts;
  }

  @Override
  public Iterator<byte[]> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    int partition = task.partitionId();
    long attempt = task.taskAttemptId();
    OutputJudge judge = config.judge();
    List<OutputJudge.Key> keyList = judge.keys();
    Schema naming = SparkRows.naming(in, columns, config.port);
    TaskReport report = new TaskReport();
    DistributedWrite.PartWriter d = null;
    DistributedWrite.PartWriter q = null;
    try {
      long index = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        report.received++;
        long position = keys > 0 ? r.getLong(columns) : MarkPartition.position(partition, index);
        index++;
        OutputJudge.Verdict v = judge.judge(SparkRows.toRow(naming, r));
        int order = 0;
        for (OutputJudge.Warning w : v.warnings()) {
          report.violation(w.ruleId(), Action.WARN, w.reason(), position, order++);
        }
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
              report.violation(key.ruleId(), Action.WARN, why, position, order++);
              continue;
            }
            ruleId = key.ruleId();
            action = key.action();
            reason = why;
            break;
          }
        }
        if (ruleId == null) {
          if (d == null) {
            d = data.open(partition, attempt);
          }
          d.write(v.row());
          report.accepted++;
        } else {
          report.quarantined++;
          report.violation(ruleId, action, reason, position, order);
          if (q == null) {
            q = quarantine.open(partition, attempt);
          }
          q.write(OutputJudge.quarantineRecord(config.runId, config.product, config.port, ruleId,
              action, reason, config.quarantinedAt, v.row()));
        }
      }
      if (d != null) {
        report.data = d.finish();
        dataParts.add(report.data);
      }
      if (q != null) {
        report.quarantine = q.finish();
        quarantineParts.add(report.quarantine);
      }
    } catch (RuntimeException | Error e) {
      if (d != null) {
        d.abort();
      }
      if (q != null) {
        q.abort();
      }
      throw e;
    }
    return List.of(report.toBytes()).iterator();
  }
}
