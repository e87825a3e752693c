package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's quick start, compiled and run (the README includes the tagged region). */
class QuickStartTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  @Test
  void quickStart_runsAndQuarantinesTheBadRow() {
    // tag::quickstart[]
    Schema orders = Schema.of(
        Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
        Field.required("country", FieldType.STRING).withMaxLength(2),
        Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));
    DataContract contract = DataContract.builder("confirmed-orders").version("1.0.0")
        .schema(orders)
        .rule(Rules.range("amount", BigDecimal.ZERO, null))    // bad rows are quarantined
        .rule(Rules.pattern("country", "[A-Z]{2}"))
        .build();
    DataProduct product = DataProduct.builder("confirmed-orders")
        .version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(InMemoryInputPort.of("orders", orders,
            Row.of(orders, 1L, "DE", new BigDecimal("19.99")),
            Row.of(orders, 2L, "FR", new BigDecimal("-5.00"))))
        .transform(Transforms.identity())
        .output(InMemoryOutputPort.create("orders-out", contract))
        .policy(AccessPolicy.allow("analyst"))
        .build();

    RunResult run = product.run();   // traced, metered, checked, published atomically
    // end::quickstart[]

    assertThat(run).succeeded().wrote("orders-out", 1)
        .quarantined("orders-out", 1, "amount-range").accountingBalanced();
  }
}
