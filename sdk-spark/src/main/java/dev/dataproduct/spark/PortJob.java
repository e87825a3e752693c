package dev.dataproduct.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import dev.dataproduct.DataProductException;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.EngineRun;
import dev.dataproduct.spi.OutputJudge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The Spark job of one output port: judge every row on the executors, find duplicates of each key
 * among accepted rows with one shuffle per key (the first row by position keeps its key, as the
 * first row emitted does in one JVM), write accepted rows and quarantine records as parts, and
 * bring the task reports back to the driver. Nothing is visible until the driver commits.
 */
final class PortJob {
  static final String POSITION = "_dp_position";
  static final String ACCEPTED = "_dp_accepted";
  static final String KEY = "_dp_key_";
  static final String DUPLICATE = "_dp_duplicate_";

  private final SparkSession spark;
  private final EngineRun.Output output;
  private final JudgeConfig config;
  private final DistributedWrite data;
  private final DistributedWrite quarantine;
  private final CollectionAccumulator<DistributedWrite.Part> dataParts;
  private final CollectionAccumulator<DistributedWrite.Part> quarantineParts;
  private List<TaskReport> reports;
  /** The job's dataset, whose action ran (for the observed metrics of the inputs it read). */
  private Dataset<byte[]> job;

  PortJob(SparkSession spark, EngineRun.Output output, JudgeConfig config, DistributedWrite data,
      DistributedWrite quarantine) {
    this.spark = spark;
    this.output = output;
    this.config = config;
    this.data = data;
    this.quarantine = quarantine;
    String name = "dataproduct " + config.product + "/" + config.port;
    this.dataParts = spark.sparkContext().collectionAccumulator(name + " parts");
    this.quarantineParts = spark.sparkContext().collectionAccumulator(name + " quarantine parts");
  }

  String port() {
    return config.port;
  }

  /** Runs the job over {@code dataset}; the reports are then {@link #report reported}. */
  void run(Dataset<Row> dataset) {
    StructType in = dataset.schema();
    for (String name : in.fieldNames()) {
      if (name.startsWith("_dp_")) {
        throw new DataProductException("Output port '" + config.port + "': the transform's"
            + " dataset has the column '" + name + "'; names starting with _dp_ are the SDK's");
      }
    }
    SparkRows.naming(in, in.size(), config.port); // fails early on duplicate names
    List<OutputJudge.Key> keys = config.judge().keys();
    Dataset<Row> rows = dataset;
    if (!keys.isEmpty()) {
      StructType marked = in.add(POSITION, DataTypes.LongType, false)
          .add(ACCEPTED, DataTypes.BooleanType, false);
      for (int k = 0; k < keys.size(); k++) {
        marked = marked.add(KEY + k, DataTypes.StringType, true);
      }
      rows = dataset.mapPartitions(new MarkPartition(config, in, keys.size()),
          Encoders.row(marked));
      Column accepted = col(ACCEPTED);
      for (int k = 0; k < keys.size(); k++) {
        Column key = col(KEY + k);
        Column rank = row_number().over(Window.partitionBy(key, accepted).orderBy(col(POSITION)));
        rows = rows.withColumn(DUPLICATE + k, accepted.and(key.isNotNull()).and(rank.gt(1)));
        if (keys.get(k).action() != Action.WARN) {
          accepted = accepted.and(not(col(DUPLICATE + k)));
        }
      }
    }
    job = rows.mapPartitions(new WritePartition(config, in, in.size(), keys.size(),
        data.parts(), quarantine.parts(), dataParts, quarantineParts),
        Encoders.BINARY());
    List<TaskReport> all = new ArrayList<>();
    for (byte[] r : job.collectAsList()) {
      all.add(TaskReport.fromBytes(r));
    }
    reports = all;
  }

  /** The dataset whose action ran, for the observed metrics of the inputs it read. */
  Dataset<byte[]> job() {
    return job;
  }

  /** Hands the job's counts and violations to the run (violations in order of first row). */
  void report() {
    long received = 0;
    long accepted = 0;
    long quarantined = 0;
    long bytes = 0;
    Map<String, TaskReport.RuleCount> rules = new LinkedHashMap<>();
    for (TaskReport r : reports) {
      received += r.received;
      accepted += r.accepted;
      quarantined += r.quarantined;
      if (r.data != null && r.data.bytes() >= 0) {
        bytes += r.data.bytes();
      }
      for (TaskReport.RuleCount c : r.rules.values()) {
        rules.computeIfAbsent(c.ruleId, k -> new TaskReport.RuleCount(c.ruleId, c.action))
            .add(c.count, c.example, c.firstPosition, c.firstOrder);
      }
    }
    output.checked(received, accepted, quarantined);
    List<TaskReport.RuleCount> ordered = new ArrayList<>(rules.values());
    ordered.sort(Comparator.comparingLong((TaskReport.RuleCount c) -> c.firstPosition)
        .thenComparingInt(c -> c.firstOrder));
    for (TaskReport.RuleCount c : ordered) {
      output.violated(c.ruleId, c.action, c.count, c.example);
    }
    output.bytesWritten(bytes);
  }

  /** The data parts of the job's tasks, one per partition that accepted rows. */
  List<DistributedWrite.Part> dataParts() {
    List<DistributedWrite.Part> parts = new ArrayList<>();
    for (TaskReport r : reports) {
      if (r.data != null) {
        parts.add(r.data);
      }
    }
    return parts;
  }

  /** The quarantine parts of the job's tasks. */
  List<DistributedWrite.Part> quarantineParts() {
    List<DistributedWrite.Part> parts = new ArrayList<>();
    if (reports != null) {
      for (TaskReport r : reports) {
        if (r.quarantine != null) {
          parts.add(r.quarantine);
        }
      }
    }
    return parts;
  }

  /** Whether the job completed (its reports are complete). */
  boolean completed() {
    return reports != null;
  }

  /** Every part a successful task wrote, reported or not (the job may have failed after it). */
  List<DistributedWrite.Part> writtenDataParts() {
    return List.copyOf(dataParts.value());
  }

  List<DistributedWrite.Part> writtenQuarantineParts() {
    return List.copyOf(quarantineParts.value());
  }
}
