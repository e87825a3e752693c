package dev.dataproduct.spark;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A product's transform as a Spark job: its input ports arrive as datasets, and it returns one
 * dataset per output port, named by port. The datasets are plans; {@link SparkRun} runs them, with
 * the output contracts checked on the executors.
 *
 * <pre>{@code
 * SparkTransform dailyRevenue = inputs -> Map.of("revenue",
 *     inputs.dataset("orders")
 *         .groupBy(col("day"), col("country"))
 *         .agg(sum("amount").as("total")));
 * }</pre>
 *
 * <p>Columns are matched to the contract's fields by name; values are converted as a single-JVM
 * run converts them (an {@code int} column to an integer field, a {@code timestamp} to a
 * timestamp). A column whose values do not conform rejects its rows, as in one JVM.
 */
@FunctionalInterface
public interface SparkTransform {

  /**
   * The dataset of each output port of the product.
   *
   * @throws Exception anything; the run fails and nothing is published
   */
  Map<String, Dataset<Row>> transform(SparkInputs inputs) throws Exception;
}
