package dev.dataproduct.spark;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.spi.EngineRun;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The inputs of one run on Spark. A port with a {@link SparkSource} is read by Spark, with an
 * observation counting its rows (named {@code dataproduct.read.<port>}); any other port is read
 * on the driver through the run ({@link EngineRun#read}: conformance, expectations, input
 * quarantine) and handed to Spark as a local dataset.
 */
final class RunInputs implements SparkInputs {
  static final String OBSERVATION = "dataproduct.read.";

  private final SparkSession spark;
  private final DataProduct product;
  private final EngineRun run;
  private final Map<String, SparkSource> sources;
  private final Map<String, Dataset<Row>> datasets = new LinkedHashMap<>();
  private final Map<String, Long> counted = new LinkedHashMap<>();

  RunInputs(SparkSession spark, DataProduct product, EngineRun run,
      Map<String, SparkSource> sources) {
    this.spark = spark;
    this.product = product;
    this.run = run;
    this.sources = sources;
  }

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public Dataset<Row> dataset(String port) {
    Dataset<Row> ds = datasets.get(port);
    if (ds != null) {
      return ds;
    }
    InputPort in = product.inputs().get(port);
    if (in == null) {
      throw new IllegalArgumentException("Product '" + product.name() + "' has no input port '"
          + port + "'; input ports are " + product.inputs().keySet());
    }
    SparkSource source = sources.get(port);
    if (source != null) {
      ds = source.read(spark).observe(OBSERVATION + port, count(lit(1)).as("rows"));
    } else {
      List<org.apache.spark.sql.Row> rows = new ArrayList<>();
      SparkRows.Holdable holdable = new SparkRows.Holdable(in.schema(), port, run.startedAt());
      Iterator<List<dev.dataproduct.Row>> batches = run.read(port);
      while (batches.hasNext()) {
        for (dev.dataproduct.Row r : batches.next()) {
          rows.add(SparkRows.toSpark(holdable.check(r), port));
        }
      }
      ds = spark.createDataFrame(rows, SparkRows.structOf(in.schema()));
    }
    datasets.put(port, ds);
    return ds;
  }

  /** Takes the row counts of the Spark-read inputs that the job of {@code job} read. */
  void observe(Dataset<?> job) {
    if (!(job instanceof org.apache.spark.sql.classic.Dataset<?> classic)) {
      return; // Spark Connect: no observed metrics on the client's plan
    }
    scala.collection.immutable.Map<String, Row> metrics =
        classic.queryExecution().observedMetrics();
    for (String port : sources.keySet()) {
      if (datasets.containsKey(port) && !counted.containsKey(port)) {
        scala.Option<Row> m = metrics.get(OBSERVATION + port);
        if (m.isDefined()) {
          counted.put(port, m.get().getLong(0));
        }
      }
    }
  }

  /** Reports the rows each Spark-read input delivered to the run. */
  void reportRead() {
    for (Map.Entry<String, Long> e : counted.entrySet()) {
      run.readElsewhere(e.getKey(), e.getValue());
    }
  }
}
