package dev.dataproduct.spark;

import dev.dataproduct.DataProductException;
import dev.dataproduct.spi.DistributedWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The reports of the tasks of one pass over a port's dataset, gathered through an accumulator to
 * which each task attempt adds its {@link TaskReport} once its parts are written. Spark merges the
 * accumulator updates of successful attempts only (a failed attempt deletes its parts, {@link
 * PartOutput}), but a partition can succeed twice: a speculative attempt, or a map stage run again
 * after a lost shuffle output. Then the report of the lowest attempt counts and the other's parts
 * are never committed; nothing is counted twice.
 */
final class TaskReports {
  private final CollectionAccumulator<TaskReport> reports;

  TaskReports(SparkSession spark, String name) {
    this.reports = spark.sparkContext().collectionAccumulator(name);
  }

  /** Where the tasks add their reports. */
  CollectionAccumulator<TaskReport> accumulator() {
    return reports;
  }

  /**
   * One report per partition, in partition order, after the pass completed.
   *
   * @throws DataProductException when a partition did not report (the counts would be short)
   */
  List<TaskReport> counted(String port) {
    TreeMap<Integer, TaskReport> byPartition = new TreeMap<>();
    int partitions = 0;
    for (TaskReport r : reports.value()) {
      partitions = r.partitions;
      byPartition.merge(r.partition, r, (a, b) -> a.attempt <= b.attempt ? a : b);
    }
    if (byPartition.size() != partitions) {
      throw new DataProductException("Output port '" + port + "': " + byPartition.size()
          + " of the job's " + partitions + " tasks reported what they wrote; the run cannot"
          + " account for the rows of the others");
    }
    return List.copyOf(byPartition.values());
  }

  /** The data parts of every attempt that reported, counted or not (to delete them). */
  List<DistributedWrite.Part> allDataParts() {
    List<DistributedWrite.Part> parts = new ArrayList<>();
    for (TaskReport r : reports.value()) {
      if (r.data != null) {
        parts.add(r.data);
      }
    }
    return parts;
  }

  /** The quarantine parts of every attempt that reported, counted or not (to delete them). */
  List<DistributedWrite.Part> allQuarantineParts() {
    List<DistributedWrite.Part> parts = new ArrayList<>();
    for (TaskReport r : reports.value()) {
      if (r.quarantine != null) {
        parts.add(r.quarantine);
      }
    }
    return parts;
  }
}
