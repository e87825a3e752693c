package dev.dataproduct.contract;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.ReadContext;
import java.util.Map;
import java.util.Optional;

/** The descriptor tests' product, for the lineage tests of another package. */
public final class LineageFixtures {
  private LineageFixtures() {}

  public static DataProduct product() {
    return DataProductDescriptorTest.product();
  }

  /**
   * A product whose input port and first output port name their datasets (PostgreSQL and S3),
   * whose second output port does not, and whose third fails to.
   */
  public static DataProduct namedProduct() {
    Schema ids = Schema.of(Field.required("id", FieldType.INTEGER));
    InputPort in = new InputPort() {
      @Override
      public String name() {
        return "raw-orders";
      }

      @Override
      public Schema schema() {
        return ids;
      }

      @Override
      public String type() {
        return "jdbc";
      }

      @Override
      public Optional<LineageDataset> lineageDataset() {
        return Optional.of(LineageDataset.of("postgres://db.corp.example:5432",
            "shop.public.orders"));
      }

      @Override
      public BatchReader read(ReadContext context) {
        throw new UnsupportedOperationException("lineage tests never run the product");
      }
    };
    DataContract contract = DataContract.builder("orders").schema(ids).build();
    return DataProduct.builder("orders")
        .version("1.0.0")
        .domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(in)
        .output(OutputPort.builder("orders-lake", TestStores.described("s3", Map.of(),
            () -> Optional.of(LineageDataset.location("s3://lake/sales/orders/"))))
            .contract(contract).build())
        .output(OutputPort.builder("orders-cache", TestStores.described("custom", Map.of()))
            .contract(contract).build())
        .output(OutputPort.builder("orders-broken", TestStores.described("custom", Map.of(),
            () -> {
              throw new IllegalStateException("no connection");
            }))
            .contract(contract).build())
        .build();
  }
}
