package dev.dataproduct.iceberg;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The adapter kit on a JDBC catalog (H2) over local files. */
class IcebergPublicationStoreContractTest extends PublicationStoreContract {
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;
  private static final AtomicInteger TABLES = new AtomicInteger();

  @BeforeAll
  static void catalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws Exception {
    catalog.close();
  }

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    return IcebergOutputPort.builder(portName).catalog(catalog)
        .table(TableIdentifier.of("kit", portName.replace('-', '_') + "_"
            + TABLES.incrementAndGet()));
  }

  @Override
  protected String expectedType() {
    return "iceberg";
  }
}
