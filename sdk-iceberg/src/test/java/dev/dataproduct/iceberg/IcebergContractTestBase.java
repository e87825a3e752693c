package dev.dataproduct.iceberg;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/** The adapter kit over a catalog the subclass provides: a fresh table per port. */
abstract class IcebergContractTestBase extends PublicationStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();

  /** The catalog of the test class, started in its {@code @BeforeAll}. */
  protected abstract Catalog catalog();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    return IcebergOutputPort.builder(portName).catalog(catalog())
        .table(TableIdentifier.of("kit", portName.replace('-', '_') + "_"
            + TABLES.incrementAndGet()));
  }

  @Override
  protected String expectedType() {
    return "iceberg";
  }
}
