package dev.dataproduct.examples;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Testing a product the way a team would: in memory, in milliseconds, telemetry asserted. */
class DailyRevenueTest {
  static DemoEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    env = DemoEnvironment.embedded();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  // tag::test-it[]
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static Row order(long id, String customer, String amount) {
    return Row.of(SalesProducts.ORDERS, id, customer, customer + "@mail.example", "DE", "EUR",
        new BigDecimal(amount), "CONFIRMED", Instant.parse("2026-11-01T10:00:00Z"));
  }

  @Test
  void run_withNullCustomer_quarantinesRowAndAggregatesTheRest() {
    DataProduct product = SalesProducts.dailyRevenue(env, SalesProducts.revenueContract("1.0.0"))
        .withInput("orders", InMemoryInputPort.of("orders", SalesProducts.ORDERS,
            order(1, "C1", "10.00"), order(2, "C2", "32.50"), order(3, null, "5.00")))
        .withOutput(InMemoryOutputPort.create("revenue-lake",
            SalesProducts.revenueContract("1.0.0")))
        .withOutput(InMemoryOutputPort.create("revenue-table",
            SalesProducts.revenueContract("1.0.0")))
        .withOutput(InMemoryOutputPort.create("revenue-iceberg",
            SalesProducts.revenueContract("1.0.0")));

    RunResult run = dp.run(product);

    assertThat(run).succeeded().wrote("revenue-lake", 1)
        .quarantined("orders", 1, "customer-present").accountingBalanced();
    Row day = InMemoryPublicationStore.of(product.output("revenue-lake")).latestRows().get(0);
    assertThat(day.getDecimal("revenue")).isEqualByComparingTo("42.50");
    assertThat(dp.spans()).anySatisfy(s -> assertThat(s).hasName("dataproduct.run daily-revenue"));
    assertThat(dp.meters()).counter("dataproduct.rows.quarantined", "port", "orders")
        .hasCount(1);
  }
  // end::test-it[]
}
