package dev.dataproduct.iceberg;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/** The adapter kit over a catalog the subclass provides: a fresh table per port. */
abstract class IcebergContractTestBase extends PublicationStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private final Map<String, TableIdentifier> tables = new HashMap<>();

  /** The catalog of the test class, started in its {@code @BeforeAll}. */
  protected abstract Catalog catalog();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    tables.put(portName, TableIdentifier.of("kit", portName.replace('-', '_') + "_"
        + TABLES.incrementAndGet()));
    return samePort(portName);
  }

  @Override
  protected OutputPort.Builder<?> samePort(String portName) {
    return IcebergOutputPort.builder(portName).catalog(catalog()).table(tables.get(portName));
  }

  @Override
  protected OutputPort.Builder<?> retainLast(OutputPort.Builder<?> builder, int n) {
    return ((IcebergOutputPort.Builder) builder).retainLast(n);
  }

  @Override
  protected String expectedType() {
    return "iceberg";
  }
}
