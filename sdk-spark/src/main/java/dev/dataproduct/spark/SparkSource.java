package dev.dataproduct.spark;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark reads one of the product's input ports itself, on the executors, instead of the port
 * being read on the driver.
 *
 * <pre>{@code
 * SparkRun.builder(product)
 *     .source("orders", SparkSource.jdbc("jdbc:postgresql://db/shop", "orders", properties))
 *     .source("customers", SparkSource.parquet("s3a://lake/customers/"))
 *     ...
 * }</pre>
 *
 * <p>The rows Spark reads are counted (the port's read span and {@code dataproduct.rows.read});
 * the port's schema and the product's expectations are not checked on them: check what matters
 * in the output contract.
 */
@FunctionalInterface
public interface SparkSource {

  /** The dataset of the port. */
  Dataset<Row> read(SparkSession spark);

  /** A table or query (as {@code (select ...) q}) through Spark's JDBC source. */
  static SparkSource jdbc(String url, String table, Properties properties) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(table, "table");
    Properties copy = new Properties();
    copy.putAll(Objects.requireNonNull(properties, "properties"));
    return spark -> spark.read().jdbc(url, table, copy);
  }

  /** Parquet files: files, directories or globs. */
  static SparkSource parquet(String... paths) {
    String[] copy = paths.clone();
    if (copy.length == 0) {
      throw new IllegalArgumentException("parquet(...) needs at least one path");
    }
    return spark -> spark.read().parquet(copy);
  }

  /** A table of the session's catalogs (an Iceberg table when an Iceberg catalog is set up). */
  static SparkSource table(String name) {
    Objects.requireNonNull(name, "name");
    return spark -> spark.table(name);
  }

  /** Any Spark data source: {@code spark.read().format(format).options(options).load(path)}. */
  static SparkSource format(String format, Map<String, String> options, String path) {
    Objects.requireNonNull(format, "format");
    Map<String, String> copy = Map.copyOf(options);
    Objects.requireNonNull(path, "path");
    return spark -> spark.read().format(format).options(copy).load(path);
  }
}
