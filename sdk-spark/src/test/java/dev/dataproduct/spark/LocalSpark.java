package dev.dataproduct.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.spark.sql.SparkSession;

/**
 * The module's one local Spark session (local[2], bound to 127.0.0.1, no UI, two shuffle
 * partitions), shared by the test classes of the JVM, and real Iceberg catalogs (JDBC on H2 over
 * local files).
 */
final class LocalSpark {
  private static final AtomicInteger CATALOGS = new AtomicInteger();
  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      Path warehouse;
      try {
        warehouse = Files.createTempDirectory("spark-warehouse");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      session = SparkSession.builder()
          .master("local[2]")
          .appName("sdk-spark-tests")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.sql.adaptive.enabled", "false")
          .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
          .getOrCreate();
    }
    return session;
  }

  static JdbcCatalog catalog(Path warehouse) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("lake", Map.of(
        CatalogProperties.URI,
        "jdbc:h2:mem:spark-iceberg-" + CATALOGS.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
        CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
        "jdbc.schema-version", "V1"));
    return catalog;
  }
}
