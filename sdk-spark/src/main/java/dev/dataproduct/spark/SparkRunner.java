package dev.dataproduct.spark;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.RunResult;
import dev.dataproduct.spi.DistributedStore;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.EngineRun;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a product on Spark, orchestrated on the driver: open every output port (contract
 * gate, then a distributed publication on the port's store and one on its quarantine store), run
 * the transform to plans, run each port's job ({@link PortJob}), report the counts to the run,
 * check (FAIL rules, dataset rules, accounting), then commit: quarantine first, then each port in
 * declaration order, each one atomic commit on the driver. A failure aborts every publication not
 * committed and deletes its files, after the run's Spark jobs have stopped; the rejected rows of a
 * job that completed are still committed to quarantine, for diagnosis.
 */
final class SparkRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SparkRunner.class);
  private static final long STOP_WAIT_MILLIS = 30_000;
  /** Span attribute: the Spark application id, on the run span and each write span. */
  static final String APPLICATION_ID = "spark.application.id";
  /** Span attribute: the ids of the Spark jobs of a port, on its write span ({@code [3, 4]}). */
  static final String JOB_IDS = "spark.job.ids";
  /**
   * Span attribute, on the write span of a port whose contract has keys: {@code true} when a key
   * (or its hash) repeated, so that the ordered job ran after the single pass ({@link PortJob}).
   */
  static final String KEYS_REPEATED = "spark.keys.repeated";

  private final SparkSession spark;
  private final DataProduct product;
  private final SparkTransform transform;
  private final Map<String, SparkSource> sources;
  private final Map<String, Port> ports = new LinkedHashMap<>();

  /** One output port of the run: its stage, its job (which holds its two publications). */
  private static final class Port {
    EngineRun.Output output;
    PortJob job;
    boolean committed;
    boolean quarantineEnded;
  }

  SparkRunner(SparkSession spark, DataProduct product, SparkTransform transform,
      Map<String, SparkSource> sources) {
    this.spark = spark;
    this.product = product;
    this.transform = transform;
    this.sources = sources;
  }

  RunResult run() {
    EngineRun run = EngineRun.start(product);
    SparkContext sc = spark.sparkContext();
    String group = "dataproduct-" + run.runId();
    String previousGroup = sc.getLocalProperty("spark.jobGroup.id");
    String previousDescription = sc.getLocalProperty("spark.job.description");
    String previousInterrupt = sc.getLocalProperty("spark.job.interruptOnCancel");
    sc.setJobGroup(group, "data product " + product.name() + " run " + run.runId(), true);
    Throwable error = null;
    try (Scope ignored = run.enter()) {
      // the run span, which the run's OpenLineage events name (dataproduct_trace), says which
      // Spark application ran it; each write span says which of its jobs
      Span.current().setAttribute(APPLICATION_ID, sc.applicationId());
      execute(run);
    } catch (Throwable t) {
      error = t;
      abort(sc, group, t);
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      sc.setLocalProperty("spark.jobGroup.id", previousGroup);
      sc.setLocalProperty("spark.job.description", previousDescription);
      sc.setLocalProperty("spark.job.interruptOnCancel", previousInterrupt);
    }
    return run.end(error);
  }

  private void execute(EngineRun run) throws Exception {
    for (OutputPort out : product.outputs().values()) {
      Port p = new Port();
      ports.put(out.name(), p);
      p.output = run.output(out.name());
      PublicationStore store = PortStorage.store(out);
      DistributedStore data = distributed(store, out, "store");
      DistributedStore quarantine = distributed(PortStorage.quarantine(out), out,
          "quarantine store");
      p.output.context().setAttribute(APPLICATION_ID, spark.sparkContext().applicationId());
      p.job = new PortJob(spark, p.output, JudgeConfig.of(run.runId(), product.name(), out,
          store.valueDomain(), run.startedAt(), product.clock().instant()),
          () -> data.openDistributed(p.output.context()),
          () -> quarantine.openDistributed(p.output.quarantineContext()));
    }
    RunInputs inputs = new RunInputs(spark, product, run, sources);
    Map<String, Dataset<Row>> datasets;
    try (Scope ignored = run.transformStarted()) {
      datasets = transform.transform(inputs);
      if (datasets == null || !datasets.keySet().equals(product.outputs().keySet())) {
        throw new DataProductException("The Spark transform of product '" + product.name()
            + "' returned datasets for " + (datasets == null ? "no port" : datasets.keySet())
            + "; it must return one dataset per output port " + product.outputs().keySet());
      }
    } catch (Throwable t) {
      run.transformFailed(t);
      throw t;
    } finally {
      run.transformEnded();
    }
    for (Port p : ports.values()) {
      List<Integer> before = jobIds();
      p.job.run(datasets.get(p.job.port()));
      List<Integer> jobs = jobIds();
      jobs.removeAll(before);
      p.output.context().setAttribute(JOB_IDS, jobs.toString());
      inputs.observe(p.job.job());
      p.job.report();
    }
    inputs.reportRead();
    run.check();
    run.commitQuarantine();
    for (Port p : ports.values()) {
      p.quarantineEnded = true;
      List<DistributedWrite.Part> rejected = p.job.quarantineParts();
      if (rejected.isEmpty()) {
        p.job.quarantine().abort(rejected);
      } else {
        p.job.quarantine().commit(rejected);
      }
    }
    for (Port p : ports.values()) {
      try {
        p.output.committed(p.job.data().commit(p.job.dataParts()));
        p.committed = true;
      } catch (CommitOutcomeUnknownException e) {
        p.committed = true; // the snapshot may exist: keep its files
        p.output.commitUnknown();
        throw e;
      }
    }
  }

  private static DistributedStore distributed(PublicationStore store, OutputPort port,
      String what) {
    if (store instanceof DistributedStore d) {
      return d;
    }
    throw new DataProductException("Output port '" + port.name() + "': its " + what + " ("
        + store.type() + ") cannot take data written by Spark executors; on Spark, publish to a"
        + " store that can (an IcebergOutputPort)");
  }

  private List<Integer> jobIds() {
    List<Integer> ids = new ArrayList<>();
    String group = spark.sparkContext().getLocalProperty("spark.jobGroup.id");
    for (int id : spark.sparkContext().statusTracker().getJobIdsForGroup(group)) {
      ids.add(id);
    }
    return ids;
  }

  /** Stops the run's jobs, then aborts what is not committed; failures join {@code cause}. */
  private void abort(SparkContext sc, String group, Throwable cause) {
    awaitStopped(sc, group);
    for (Port p : ports.values()) {
      if (p.job == null) {
        continue; // its publications could not be opened
      }
      if (!p.quarantineEnded) {
        p.quarantineEnded = true;
        try {
          if (p.job.completed() && !p.job.quarantineParts().isEmpty()) {
            p.job.quarantine().commit(p.job.quarantineParts()); // rejected rows, for diagnosis
          } else {
            p.job.quarantine().abort(p.job.writtenQuarantineParts());
          }
        } catch (RuntimeException e) {
          cause.addSuppressed(dev.dataproduct.VendorException.sanitize(e));
          LOG.error("Run of {}: the rejected rows of port {} could not be stored: {}",
              product.name(), p.job.port(), DataProductException.describe(e));
        }
      }
      if (!p.committed) {
        p.job.data().abort(p.job.writtenDataParts());
      }
    }
  }

  /** Cancels the run's jobs and waits (bounded) until none of their tasks runs any more. */
  private void awaitStopped(SparkContext sc, String group) {
    sc.cancelJobGroup(group);
    long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline && running(sc, group)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean running(SparkContext sc, String group) {
    for (int job : sc.statusTracker().getJobIdsForGroup(group)) {
      var info = sc.statusTracker().getJobInfo(job);
      if (info.isEmpty()) {
        continue;
      }
      for (int stage : info.get().stageIds()) {
        scala.Option<SparkStageInfo> s = sc.statusTracker().getStageInfo(stage);
        if (s.isDefined() && s.get().numActiveTasks() > 0) {
          return true;
        }
      }
    }
    return false;
  }
}
