package com.example.orders;

// tag::unit-test[]
import static dev.dataproduct.testing.DataProductAssertions.assertThat;   // sdk-testing
import static org.assertj.core.api.Assertions.fail;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The product in memory: no database, no S3, no client created; milliseconds. */
class ConfirmedOrdersTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static Row order(long id, String country, String amount) {
    return Row.of(ConfirmedOrders.ORDERS, id, "c" + id + "@mail.example", country,
        new BigDecimal(amount));
  }

  @Test
  void run_withANegativeAmount_quarantinesThatOrderAndPublishesTheOthers() {
    DataProduct product = ConfirmedOrders.product(
            () -> fail("a unit test needs no database"), () -> fail("nor S3"), "unused")
        .withInput("orders", InMemoryInputPort.of("orders", ConfirmedOrders.ORDERS,
            order(1, "DE", "19.99"), order(2, "FR", "-5.00"), order(3, "IT", "7.50")))
        .withOutput(InMemoryOutputPort.create("orders-lake", ConfirmedOrders.contract()));

    RunResult run = dp.run(product);

    assertThat(run).succeeded().wrote("orders-lake", 2)
        .quarantined("orders-lake", 1, "amount-not-negative").accountingBalanced();
    assertThat(InMemoryPublicationStore.of(product.output("orders-lake")).latestRows())
        .extracting(r -> r.getLong("order_id")).containsExactly(1L, 3L);
    assertThat(dp.meters()).counter("dataproduct.rows.quarantined", "port", "orders-lake")
        .hasCount(1);
  }
}
// end::unit-test[]
