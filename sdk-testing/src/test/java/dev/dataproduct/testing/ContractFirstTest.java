package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.RunResult;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A product whose output port is declared from a hand-written ODCS file. */
class ContractFirstTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static DataContract fromFile() throws Exception {
    try (InputStream in = ContractFirstTest.class.getResourceAsStream(
        "/contracts/clean-orders.odcs.yaml")) {
      return DataContracts.read(in, "clean-orders.odcs.yaml");
    }
  }

  @Test
  void portFromOdcsFile_enforcesTheFilesRules() throws Exception {
    DataContract contract = fromFile();
    DataProduct p = product("contract-first")
        .input(InMemoryInputPort.of("orders", ORDERS, List.of(
            order(1, "a@x.example", "DE", "EUR", "10.00"),
            order(2, "b@x.example", "de", "EUR", "10.00"),
            order(3, "c@x.example", "FR", "JPY", "10.00"),
            order(4, "d@x.example", "FR", "USD", "-1.00"),
            order(5, "e@x.example", "FR", "GBP", "5.00"))))
        .output(InMemoryOutputPort.create("clean", contract))
        .build();

    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("clean", 2)
        .quarantined("clean", 1, "country-pattern")
        .quarantined("clean", 1, "currency-allowed-values")
        .quarantined("clean", 1, "amount-range")
        .accountingBalanced();
  }

  @Test
  void odcsFile_mapsToTheModel() throws Exception {
    DataContract c = fromFile();

    assertThat(c.id()).isEqualTo("clean-orders");
    assertThat(c.field("order_id").isPrimaryKey()).isTrue();
    assertThat(c.field("customer_email").classification()).isEqualTo(Classification.PII);
    assertThat(c.field("customer_email").maxLength()).hasValue(64);
    assertThat(c.field("amount").precision()).hasValue(12);
    assertThat(c.rowRules()).extracting(r -> r.id()).containsExactly("country-pattern",
        "currency-allowed-values", "amount-range");
    assertThat(c.rowRules().get(2).min()).isEqualTo(BigDecimal.ZERO);
    assertThat(c.datasetRules()).singleElement().satisfies(r -> assertThat(r.min())
        .isEqualTo(1L));
    assertThat(c.freshness()).contains(Duration.ofDays(1));
    assertThat(c.customProperties().get("dataproduct.unenforcedQuality").toString())
        .contains("$.schema[0].properties[4].quality[0]");
    assertThat(DataContracts.fromYaml(DataContracts.toYaml(c))).isEqualTo(c);
  }
}
