package dev.dataproduct.iceberg;

import java.nio.file.Path;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The adapter kit on a JDBC catalog (H2) over local files. */
class IcebergPublicationStoreContractTest extends IcebergContractTestBase {
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  @BeforeAll
  static void startCatalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws Exception {
    catalog.close();
  }

  @Override
  protected Catalog catalog() {
    return catalog;
  }
}
