package dev.dataproduct.spark;

import dev.dataproduct.Row;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.OutputJudge;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskFailureListener;

/**
 * What one task attempt writes of a port's job, on an executor: accepted rows to a part of the
 * port's publication, rejected rows, as their quarantine records, to a part of its quarantine
 * (each part opened at its first row, named after the partition and the attempt), and the counts
 * and violations of its {@link TaskReport}. When the task fails, even after its rows were written
 * (while Spark writes the task's shuffle output), both parts are deleted, so that only the parts
 * of attempts that succeeded reach the driver.
 */
final class PartOutput {
  private final JudgeConfig config;
  private final DistributedWrite.PartWriters dataWriters;
  private final DistributedWrite.PartWriters quarantineWriters;
  private final TaskReport report;
  private DistributedWrite.PartWriter data;
  private DistributedWrite.PartWriter quarantine;

  PartOutput(JudgeConfig config, DistributedWrite.PartWriters data,
      DistributedWrite.PartWriters quarantine, TaskContext task) {
    this.config = config;
    this.dataWriters = data;
    this.quarantineWriters = quarantine;
    this.report = new TaskReport(task.partitionId(), task.numPartitions(), task.taskAttemptId());
    task.addTaskFailureListener((TaskFailureListener) (context, error) -> abort());
  }

  /** Counts the WARN violations of a row at {@code position}; the order of the next one. */
  int warned(List<OutputJudge.Warning> warnings, long position) {
    int order = 0;
    for (OutputJudge.Warning w : warnings) {
      report.violation(w.ruleId(), Action.WARN, w.reason(), position, order++);
    }
    return order;
  }

  /** Counts a WARN violation of a row at {@code position}, its {@code order}-th. */
  void warned(String ruleId, String reason, long position, int order) {
    report.violation(ruleId, Action.WARN, reason, position, order);
  }

  /** Writes an accepted row (conformed to the contract's schema). */
  void accept(Row conformed) {
    if (data == null) {
      data = dataWriters.open(report.partition, report.attempt);
    }
    data.write(conformed);
    report.received++;
    report.accepted++;
  }

  /** Writes the quarantine record of a row at {@code position} that rule {@code ruleId} rejects. */
  void reject(Row row, String ruleId, Action action, String reason, long position, int order) {
    if (quarantine == null) {
      quarantine = quarantineWriters.open(report.partition, report.attempt);
    }
    quarantine.write(OutputJudge.quarantineRecord(config.runId, config.product, config.port,
        ruleId, action, reason, config.quarantinedAt, row));
    report.received++;
    report.quarantined++;
    report.violation(ruleId, action, reason, position, order);
  }

  /** Ends both parts; the task's report, with them. */
  TaskReport finish() {
    if (data != null) {
      report.data = data.finish();
    }
    if (quarantine != null) {
      report.quarantine = quarantine.finish();
    }
    return report;
  }

  private void abort() {
    if (data != null) {
      data.abort();
    }
    if (quarantine != null) {
      quarantine.abort();
    }
  }
}
