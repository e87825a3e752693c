package dev.dataproduct.spark;

import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one task attempt of a port's job did, sent back to the driver ({@link TaskReports}): which
 * partition of how many it wrote, rows received, accepted and quarantined, violations per rule
 * (count and the reason of the first, by position in the dataset), and the parts it wrote. Small:
 * no rows.
 */
final class TaskReport implements Serializable {
  private static final long serialVersionUID = 2L;

  final int partition;
  /** How many partitions the task's stage has. */
  final int partitions;
  /** Spark's attempt id of the task, unique in the application. */
  final long attempt;
  long received;
  long accepted;
  long quarantined;
  final Map<String, RuleCount> rules = new LinkedHashMap<>();
  DistributedWrite.Part data;
  DistributedWrite.Part quarantine;

  TaskReport(int partition, int partitions, long attempt) {
    this.partition = partition;
    this.partitions = partitions;
    this.attempt = attempt;
  }

  /**
   * The position of the {@code index}-th row of partition {@code partition} in the dataset: rows
   * are ordered by partition, then by their order in it, as a single-JVM run would meet them if it
   * read the partitions one after the other.
   */
  static long position(int partition, long index) {
    return ((long) partition << 33) + index;
  }

  /** Violations of one rule in one task. */
  static final class RuleCount implements Serializable {
    private static final long serialVersionUID = 1L;

    final String ruleId;
    final Action action;
    long count;
    String example;
    /** Position of the example's row in the dataset, then its order within the row. */
    long firstPosition;
    int firstOrder;

    RuleCount(String ruleId, Action action) {
      this.ruleId = ruleId;
      this.action = action;
      this.firstPosition = Long.MAX_VALUE;
    }

    void add(long count, String reason, long position, int order) {
      this.count += count;
      if (position < firstPosition || (position == firstPosition && order < firstOrder)) {
        firstPosition = position;
        firstOrder = order;
        example = reason;
      }
    }
  }

  void violation(String ruleId, Action action, String reason, long position, int order) {
    rules.computeIfAbsent(ruleId, k -> new RuleCount(ruleId, action))
        .add(1, reason, position, order);
  }
}
