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
import java.util.function.Supplier;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark job of one output port, optimistic. One pass judges every row once and writes it, to
 * the port's publication or its quarantine ({@link JudgePartition}), emitting only the hashes of
 * the accepted rows' keys; when the contract has keys, an aggregation of those hashes alone tells
 * whether a key may repeat. When none does (the common case), what the pass wrote is what the run
 * publishes. When one does (or two keys' hashes collide, {@link OutputJudge#keyHashes}), which
 * row keeps a key depends on the position of every row that claims it (and, with several keys, on
 * which rows an earlier key rejected), so the pass's files are deleted and the ordered job runs:
 * {@link MarkPartition}, one window per key over the marked rows (the first row by position keeps its
 * key, as the first row emitted does in one JVM), {@link WritePartition}. Either way the counts
 * are those of the tasks' reports ({@link TaskReports}). Nothing is visible until the driver
 * commits.
 */
final class PortJob {
  static final String POSITION = "_dp_position";
  static final String ACCEPTED = "_dp_accepted";
  static final String KEY = "_dp_key_";
  static final String DUPLICATE = "_dp_duplicate_";

  private final SparkSession spark;
  private final EngineRun.Output output;
  private final JudgeConfig config;
  private final Supplier<DistributedWrite> openData;
  private final Supplier<DistributedWrite> openQuarantine;
  private final String name;
  private DistributedWrite data;
  private DistributedWrite quarantine;
  /** The reports of the pass that writes what the run publishes (the last one started). */
  private TaskReports pass;
  /** One report per partition, once the job completed. */
  private List<TaskReport> reports;
  /** The dataset whose query execution ran the single pass (for the inputs' observed metrics). */
  private Dataset<?> job;

  /**
   * @param openData opens a publication on the port's store; called now, and again when the
   *     ordered job starts over
   * @param openQuarantine the same, on the port's quarantine store
   */
  PortJob(SparkSession spark, EngineRun.Output output, JudgeConfig config,
      Supplier<DistributedWrite> openData, Supplier<DistributedWrite> openQuarantine) {
    this.spark = spark;
    this.output = output;
    this.config = config;
    this.openData = openData;
    this.openQuarantine = openQuarantine;
    this.name = "dataproduct " + config.product + "/" + config.port;
    this.data = openData.get();
    try {
      this.quarantine = openQuarantine.get();
    } catch (RuntimeException e) {
      data.abort(List.of());
      throw e;
    }
  }

  String port() {
    return config.port;
  }

  /** The publication of the port's rows (the one to commit or abort). */
  DistributedWrite data() {
    return data;
  }

  /** The publication of the port's rejected rows. */
  DistributedWrite quarantine() {
    return quarantine;
  }

  /** Runs the job over {@code dataset}; the reports are then {@link #report reported}. */
  void run(Dataset<Row> dataset) {
    StructType in = dataset.schema();
    for (String column : in.fieldNames()) {
      if (column.startsWith("_dp_")) {
        throw new DataProductException("Output port '" + config.port + "': the transform's"
            + " dataset has the column '" + column + "'; names starting with _dp_ are the SDK's");
      }
    }
    SparkRows.naming(in, in.size(), config.port); // fails early on duplicate names
    List<OutputJudge.Key> keys = config.judge().keys();
    pass = new TaskReports(spark, name + " reports");
    JudgePartition judge = new JudgePartition(config, in, data.parts(), quarantine.parts(),
        pass.accumulator());
    boolean repeats = false;
    if (dataset instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      // the plan's own rows, read without a Row in between; its observed metrics are those of
      // this dataset's query execution
      JavaRDD<InternalRow> rows = classic.queryExecution().toRdd().toJavaRDD();
      job = dataset;
      if (keys.isEmpty()) {
        rows.mapPartitions(judge).count(); // no key, no hash: the action runs the pass alone
      } else {
        // the hashes shuffled as a few long[] per task and bucket, not a record per hash, into
        // as many buckets as a SQL shuffle has partitions: a bucket's set of hashes then fits in
        // memory up to about 3 M of them, so at 10 M rows and 2 input partitions, 8 buckets
        // check their sets without spilling where 2 would both spill
        int buckets = Math.max(1,
            Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200")));
        repeats = !rows.mapPartitionsToPair(judge.chunked(buckets))
            .partitionBy(new HashPartitioner(buckets)).values()
            .mapPartitions(HashChunks.firstRepeat()).collect().isEmpty();
      }
    } else {
      Dataset<Long> hashes = dataset.mapPartitions(judge.rows(), Encoders.LONG());
      job = hashes;
      if (keys.isEmpty()) {
        hashes.collectAsList(); // no key, no hash: the action runs the pass on this plan
      } else {
        Dataset<Long> repeated = hashes.repartition(col("value"))
            .mapPartitions(new FirstRepeat(), Encoders.LONG());
        repeats = !repeated.collectAsList().isEmpty();
        job = repeated;
      }
    }
    if (!keys.isEmpty()) {
      output.context().setAttribute(SparkRunner.KEYS_REPEATED, Boolean.toString(repeats));
      if (repeats) {
        startOver();
        ordered(dataset, in, keys);
      }
    }
    reports = pass.counted(config.port);
  }

  /** Deletes what the single pass wrote: its publications are aborted, new ones opened. */
  private void startOver() {
    data.abort(pass.allDataParts());
    quarantine.abort(pass.allQuarantineParts());
    data = openData.get();
    quarantine = openQuarantine.get();
  }

  /** The ordered job: positions and keys marked, one window per key, then the writing pass. */
  private void ordered(Dataset<Row> dataset, StructType in, List<OutputJudge.Key> keys) {
    StructType marked = in.add(POSITION, DataTypes.LongType, false)
        .add(ACCEPTED, DataTypes.BooleanType, false);
    for (int k = 0; k < keys.size(); k++) {
      marked = marked.add(KEY + k, DataTypes.StringType, true);
    }
    MarkPartition mark = new MarkPartition(config, in, keys.size());
    Dataset<Row> rows;
    if (dataset instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      // the plan's own rows, kept as Spark stores them: a Row in between would hand the checks
      // and the writer java.sql.Timestamp and Date values, the hybrid calendar's before 1582
      // (over a query execution of its own: the single pass's observed the inputs' row counts)
      JavaRDD<InternalRow> markedRows = org.apache.spark.sql.classic.Dataset$.MODULE$
          .ofRows(classic.sparkSession(), classic.logicalPlan()).queryExecution().toRdd()
          .toJavaRDD().mapPartitions(mark.internal());
      rows = classic.sparkSession().internalCreateDataFrame(markedRows.rdd(), marked, false);
    } else {
      rows = dataset.mapPartitions(mark, Encoders.row(marked));
    }
    Column accepted = col(ACCEPTED);
    for (int k = 0; k < keys.size(); k++) {
      Column key = col(KEY + k);
      Column rank = row_number().over(Window.partitionBy(key, accepted).orderBy(col(POSITION)));
      rows = rows.withColumn(DUPLICATE + k, accepted.and(key.isNotNull()).and(rank.gt(1)));
      if (keys.get(k).action() != Action.WARN) {
        accepted = accepted.and(not(col(DUPLICATE + k)));
      }
    }
    pass = new TaskReports(spark, name + " ordered reports");
    WritePartition write = new WritePartition(config, in, keys.size(), data.parts(),
        quarantine.parts(), pass.accumulator());
    if (rows instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      classic.queryExecution().toRdd().toJavaRDD().foreachPartition(write.internal());
    } else {
      rows.foreachPartition(write);
    }
  }

  /**
   * The dataset whose query execution ran the single pass (the port's own, or the pass's), for
   * the observed metrics of the inputs it read.
   */
  Dataset<?> job() {
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

  /** The data parts to commit, one per partition that accepted rows. */
  List<DistributedWrite.Part> dataParts() {
    List<DistributedWrite.Part> parts = new ArrayList<>();
    for (TaskReport r : reports) {
      if (r.data != null) {
        parts.add(r.data);
      }
    }
    return parts;
  }

  /** The quarantine parts to commit, one per partition that rejected rows. */
  List<DistributedWrite.Part> quarantineParts() {
    List<DistributedWrite.Part> parts = new ArrayList<>();
    for (TaskReport r : reports) {
      if (r.quarantine != null) {
        parts.add(r.quarantine);
      }
    }
    return parts;
  }

  /** Whether the job completed (its reports are complete). */
  boolean completed() {
    return reports != null;
  }

  /** Every data part a successful task of the current pass wrote, counted or not. */
  List<DistributedWrite.Part> writtenDataParts() {
    return pass == null ? List.of() : pass.allDataParts();
  }

  /** Every quarantine part a successful task of the current pass wrote, counted or not. */
  List<DistributedWrite.Part> writtenQuarantineParts() {
    return pass == null ? List.of() : pass.allQuarantineParts();
  }
}
