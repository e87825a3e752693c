package it.orders;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductProvider;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import java.util.List;

/** 1.1.0 adds an optional field. */
public final class OrdersProducts implements DataProductProvider {
  @Override
  public List<DataProduct> products() {
    Schema schema = Schema.of(
        Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
        Field.required("customer", FieldType.STRING).withTerm("customer_id"),
        Field.required("amount", FieldType.NUMBER),
        Field.optional("channel", FieldType.STRING));
    DataContract contract = DataContract.builder("orders").version("1.1.0")
        .description("Confirmed orders").schema(schema).build();
    return List.of(DataProduct.builder("orders").version("1.1.0").domain("sales")
        .description("Confirmed orders of the web shop")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(InMemoryInputPort.of("raw-orders", schema))
        .transform(Transforms.identity())
        .output(InMemoryOutputPort.create("orders-lake", contract))
        .policy(AccessPolicy.allow("analyst"))
        .build());
  }
}
