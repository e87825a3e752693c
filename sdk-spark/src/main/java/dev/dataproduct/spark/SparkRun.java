package dev.dataproduct.spark;

import dev.dataproduct.DataProduct;
import dev.dataproduct.RunResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a product on Apache Spark: the same {@link DataProduct} declaration (name, owners, input
 * and output ports, contracts, policies), with its transform written as a Spark job ({@link
 * SparkTransform}). The guarantees are those of {@link DataProduct#run()}:
 *
 * <ul>
 *   <li>every row of every output dataset is checked on the executors against the port's
 *       contract with the SDK's own compiled checks (conformance, the store's value domain, row
 *       rules: same rule ids, same reasons), each row judged and written once; an aggregation
 *       of the accepted rows' keys alone tells whether a key repeats, and only then does an
 *       ordered job (a shuffle per key) find which rows keep their keys: the first by position,
 *       as in one JVM;
 *   <li>rejected rows are written, as quarantine records, to the port's quarantine by the
 *       executors, never collected to the driver; FAIL rules fail the run;
 *   <li>the tasks' counts come back to the driver, which checks the dataset rules and the row
 *       accounting before anything is committed;
 *   <li>executors write data files; the driver commits once per port (quarantine first), so
 *       readers see the previous publication or the new one; a failed run deletes its files;
 *   <li>the run, read, transform and write spans, the meters and the run listeners (OpenLineage
 *       events naming the same datasets) are the single-JVM run's, with {@code
 *       spark.application.id} on the run span and the write spans and {@code spark.job.ids} on
 *       the write spans.
 * </ul>
 *
 * <pre>{@code
 * RunResult result = SparkRun.builder(product)
 *     .spark(spark)
 *     .source("orders", SparkSource.jdbc(url, "orders", properties))
 *     .transform(inputs -> Map.of("revenue", inputs.dataset("orders")
 *         .groupBy("day", "country").agg(sum("amount").as("total"))))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Output ports must publish to a store that takes data written elsewhere ({@link
 * dev.dataproduct.spi.DistributedStore}: an {@code IcebergOutputPort}), with a quarantine store
 * that does too (the Iceberg port's own). Immutable; {@link #run()} may be called again.
 */
public final class SparkRun {
  private final DataProduct product;
  private final SparkSession spark;
  private final SparkTransform transform;
  private final Map<String, SparkSource> sources;

  private SparkRun(Builder b) {
    this.product = b.product;
    this.spark = b.spark;
    this.transform = b.transform;
    this.sources = Map.copyOf(b.sources);
  }

  /** A builder running {@code product} on Spark. */
  public static Builder builder(DataProduct product) {
    return new Builder(Objects.requireNonNull(product, "product"));
  }

  /** The product run. */
  public DataProduct product() {
    return product;
  }

  /**
   * Runs the product once on Spark. Never throws for a failed run: the result says {@link
   * dev.dataproduct.RunOutcome#FAILED} and carries the error ({@link RunResult#orThrow()}).
   */
  public RunResult run() {
    SparkSession session = spark != null ? spark : SparkSession.active();
    return new SparkRunner(session, product, transform, new LinkedHashMap<>(sources)).run();
  }

  /** Builds a {@link SparkRun}. */
  public static final class Builder {
    private final DataProduct product;
    private final Map<String, SparkSource> sources = new LinkedHashMap<>();
    private SparkSession spark;
    private SparkTransform transform;

    private Builder(DataProduct product) {
      this.product = product;
    }

    /** The session to run in (default: the active session when the run starts). */
    public Builder spark(SparkSession spark) {
      this.spark = Objects.requireNonNull(spark, "spark");
      return this;
    }

    /** The transform (required). */
    public Builder transform(SparkTransform transform) {
      this.transform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /**
     * Has Spark read input port {@code port} itself; without a source, the port is read on the
     * driver through the SDK (see {@link SparkInputs}).
     */
    public Builder source(String port, SparkSource source) {
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(source, "source");
      if (!product.inputs().containsKey(port)) {
        throw new IllegalArgumentException("Product '" + product.name() + "' has no input port '"
            + port + "'; input ports are " + product.inputs().keySet());
      }
      sources.put(port, source);
      return this;
    }

    /**
     * The run.
     *
     * @throws IllegalStateException when no transform was given
     * @throws IllegalArgumentException when a custom rule of an output contract cannot be sent
     *     to the executors (its predicate is not serializable)
     */
    public SparkRun build() {
      if (transform == null) {
        throw new IllegalStateException("SparkRun of product '" + product.name() + "' needs a"
            + " transform: call .transform(inputs -> Map.of(\"port\", dataset))");
      }
      product.outputs().values().forEach(JudgeConfig::checkSendable);
      return new SparkRun(this);
    }
  }
}
