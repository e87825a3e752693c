package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanPort;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension resets captured telemetry between tests, and its assertions fail when wrong. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static final DataProduct P = product("ext")
      .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(2)))
      .output(cleanPort("clean")).build();

  @Test
  @Order(1)
  void first_capturesItsOwnRun() {
    dp.run(P);
    assertThat(dp.spans("dataproduct.run ext")).hasSize(1);
    assertThat(dp.meters()).counter("dataproduct.rows.read").hasCount(2);
  }

  @Test
  @Order(2)
  void second_startsWithNothingCaptured() {
    assertThat(dp.spans()).isEmpty();
    assertThat(dp.meters()).hasNoMeter("dataproduct.rows.read");
  }

  @Test
  @Order(3)
  void assertions_failWithUsefulMessages() {
    var run = dp.run(P);
    assertThatThrownBy(() -> assertThat(run).wrote("clean", 3))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected 3 rows written to port 'clean' but were 2");
    assertThatThrownBy(() -> assertThat(run).failed())
        .hasMessageContaining("Expected the run to fail but it SUCCEEDED");
    assertThatThrownBy(() -> assertThat(run).quarantined("clean", 1, "amount-range"))
        .hasMessageContaining("Expected 1 rows quarantined on port 'clean' by rule");
    assertThatThrownBy(() -> assertThat(dp.meters()).counter("dataproduct.nope"))
        .hasMessageContaining("Expected a counter 'dataproduct.nope'");
    assertThatThrownBy(() -> assertThat(dp.meters()).counter("dataproduct.rows.read")
        .hasCount(5)).hasMessageContaining("to be 5.0 but was 2.0");
    assertThatThrownBy(() -> assertThat(run).wrote("nope", 1))
        .hasMessageContaining("Run has no output port 'nope'");
  }

  @Test
  @Order(4)
  void read_afterDpRun_ofAProductWithoutTelemetry_reportsToTheExtension() {
    DataProduct product = product("ext-read")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(2)))
        .output(cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst"))
        .build();
    dp.run(product);

    List<Row> rows = new ArrayList<>();
    try (BatchReader reader = product.read("clean", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())) {
      for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
        rows.addAll(b);
      }
    }

    assertThat(rows).hasSize(2);
    assertThat(dp.spans("dataproduct.consume clean")).hasSize(1);
    assertThat(dp.meters()).counter("dataproduct.consumer.reads", "outcome", "granted")
        .hasCount(1);
  }

  @Test
  @Order(5)
  void run_ofAProductWithoutTelemetry_withoutDpRun_reportsToTheExtension() {
    product("ext-plain").input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(cleanPort("clean")).build().run().orThrow();

    assertThat(dp.spans("dataproduct.run ext-plain")).hasSize(1);
    assertThat(dp.meters()).counter("dataproduct.rows.read").hasCount(3);
  }
}
