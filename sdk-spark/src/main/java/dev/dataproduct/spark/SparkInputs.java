package dev.dataproduct.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input ports of a product run on Spark, as datasets. A port given a {@link SparkSource} is
 * read by Spark (JDBC, Parquet, a table of the session's catalogs); any other input port (another
 * data product, an S3 or JDBC port of the SDK) is read on the driver through the port itself, with
 * the run's conformance, expectations and input quarantine, then handed to Spark: its rows must fit
 * the driver's memory.
 */
public interface SparkInputs {

  /** The session the run uses. */
  SparkSession spark();

  /**
   * Input port {@code port} as a dataset (the same dataset for every call in a run).
   *
   * @throws IllegalArgumentException when the product has no such input port
   */
  Dataset<Row> dataset(String port);
}
