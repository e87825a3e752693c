package dev.dataproduct.iceberg;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Real Iceberg catalogs for tests: a JDBC catalog on an in-memory H2 over local files. */
final class Catalogs {
  private static final AtomicInteger N = new AtomicInteger();

  private Catalogs() {}

  static JdbcCatalog jdbc(Path warehouse) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("lake", Map.of(
        CatalogProperties.URI, "jdbc:h2:mem:iceberg-" + N.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
        CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
        "jdbc.schema-version", "V1"));
    return catalog;
  }
}
