package dev.dataproduct.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.OutputPort;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.TableIdentifier;
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
}
