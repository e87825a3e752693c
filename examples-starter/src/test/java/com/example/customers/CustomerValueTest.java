package com.example.customers;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** customer-value in memory: two inputs swapped for in-memory ones, no client created. */
class CustomerValueTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static Row customer(long id, String country) {
    return Row.of(CustomerValue.CUSTOMERS, id, "c" + id + "@mail.example", country);
  }

  static Row event(String id, Long customer, String amount) {
    return Row.of(CustomerValue.ORDER_EVENTS, id, customer, new BigDecimal(amount),
        Instant.parse("2026-11-30T10:00:00Z"));
  }

  static DataProduct inMemory() {
    return CustomerValue.product(() -> fail("no database"), () -> fail("no S3"), "unused")
        .withInput("customers", InMemoryInputPort.of("customers", CustomerValue.CUSTOMERS,
            customer(1, "DE"), customer(2, "FR"), customer(3, "de")))
        .withInput("order-events", InMemoryInputPort.of("order-events",
            CustomerValue.ORDER_EVENTS, event("e1", 1L, "10.00"), event("e2", 1L, "5.50"),
            event("e3", 2L, "7.00"), event("e4", null, "1.00"), event("e5", 2L, "-3.00")))
        .withOutput(InMemoryOutputPort.create("customer-value", CustomerValue.contract()));
  }

  static List<Row> readAll(DataProduct product, Principal reader) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (BatchReader r = product.read("customer-value", reader, ReadOptions.latest())) {
      for (List<Row> batch = r.next(); !batch.isEmpty(); batch = r.next()) {
        rows.addAll(batch);
      }
    }
    return rows;
  }

  @Test
  void run_quarantinesBadEventsAndCustomers_andPublishesTheOthers() throws Exception {
    DataProduct product = inMemory();

    // tag::two-inputs-test[]
    RunResult run = dp.run(product);

    assertThat(run).succeeded().wrote("customer-value", 2)
        .quarantined("customer-value", 1, "iso-country")        // the contract's rule
        .quarantined("order-events", 1, "customer-present")     // expect(...) on an input:
        .quarantined("order-events", 1, "amount-not-negative")  // counted under its name
        .accountingBalanced();
    List<Row> anyone = readAll(product, Principal.of("someone"));   // no role: allowAll()
    assertThat(anyone).extracting(r -> r.getString("email")).containsOnlyNulls();  // pii
    assertThat(anyone).extracting(r -> r.getDecimal("total_spent"))
        .containsExactlyInAnyOrder(new BigDecimal("15.50"), new BigDecimal("7.00"));
    assertThat(readAll(product, Principal.of("lea").withRoles("crm")))
        .extracting(r -> r.getString("email"))
        .containsExactlyInAnyOrder("c1@mail.example", "c2@mail.example");
    // end::two-inputs-test[]
  }
}
