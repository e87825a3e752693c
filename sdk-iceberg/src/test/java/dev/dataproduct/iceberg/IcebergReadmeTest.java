package dev.dataproduct.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.TestReadContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Iceberg snippet, compiled and run. */
class IcebergReadmeTest {
  @TempDir Path warehouse;

  @Test
  void readmeSnippet_publishesASnapshotAndReadsItBack() throws Exception {
    DataContract contract = IcebergOutputPortTest.contract("1.0.0", IcebergOutputPortTest.V1);
    try (JdbcCatalog catalog = new JdbcCatalog()) {
      catalog.setConf(new Configuration());
      // tag::iceberg-port[]
      catalog.initialize("lake", Map.of(
          CatalogProperties.URI, "jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1",   // any JDBC database
          CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
          "jdbc.schema-version", "V1"));

      OutputPort revenue = IcebergOutputPort.builder("payments-table")
          .catalog(catalog)
          .table(TableIdentifier.of("finance", "payments"))
          .mode(IcebergOutputPort.Mode.APPEND)      // or OVERWRITE: each publication replaces
          .retainLast(30)                           // older snapshots expire, files removed
          .contract(contract)
          .build();
      // end::iceberg-port[]
      var product = IcebergOutputPortTest.product(revenue, IcebergOutputPortTest.V1,
          IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 1, 3));
      long id = product.run().orThrow().publication("payments-table").orElseThrow().id();
      List<Row> back = IcebergOutputPortTest.read(product.output("payments-table"),
          ReadOptions.publication(id));
      assertThat(back).hasSize(3);
    }
  }

  @Test
  void readmeInputSnippet_readsTheProductsPublication_andTheRawTableAsItWas() {
    Schema payments = IcebergOutputPortTest.V1;
    try (JdbcCatalog catalog = Catalogs.jdbc(warehouse)) {
      OutputPort port = IcebergOutputPort.builder("payments-table").catalog(catalog)
          .table(TableIdentifier.of("finance", "payments"))
          .contract(IcebergOutputPortTest.contract("1.0.0", payments)).build();
      DataProduct upstream = IcebergOutputPortTest.product(port, payments,
          IcebergOutputPortTest.rows(payments, 1, 3));
      Instant closingTime = upstream.run().orThrow().publication("payments-table").orElseThrow()
          .committedAt();
      IcebergOutputPortTest.product(port, payments, IcebergOutputPortTest.rows(payments, 10, 2))
          .run().orThrow();

      // tag::iceberg-input[]
      // another product's Iceberg port, through its access policies
      InputPort latest = IcebergInputPort.product("payments")
          .catalog(catalog)
          .table(TableIdentifier.of("finance", "payments"))
          .upstream("payments", "payments-table")  // the product and port publishing there
          .as("analyst")                           // the grant its owner gave this product
          .schema(payments)
          .contractMajor(1)
          .build();

      // any Iceberg table, read with Iceberg's generic reader
      InputPort atClosing = IcebergInputPort.table(catalog,
              TableIdentifier.of("finance", "payments"), payments)
          .filter(Expressions.greaterThanOrEqual("id", 2L))  // only matching rows are read
          .asOf(closingTime)                                 // or .snapshot(id): time travel
          .build();
      // end::iceberg-input[]

      assertThat(drain(latest)).extracting(r -> r.getLong("id"))
          .containsExactlyInAnyOrder(10L, 11L);
      assertThat(drain(atClosing)).extracting(r -> r.getLong("id"))
          .containsExactlyInAnyOrder(2L, 3L);
    }
  }

  private static List<Row> drain(InputPort port) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = port.read(TestReadContext.of(port.name()))) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }
}
