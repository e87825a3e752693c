package dev.dataproduct.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.DataProductDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The demo's main flow, on embedded defaults, with the numbers it prints asserted. */
class DemoTest {

  @Test
  void demo_onEmbeddedDefaults_doesWhatItPrints() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    DemoReport report;
    try (DemoEnvironment env = DemoEnvironment.embedded()) {
      report = new Demo(env, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    }
    String text = printed.toString(StandardCharsets.UTF_8);

    RunResult first = report.firstRun();
    assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);
    assertThat(first.accountingBalanced()).as(first.accountingProblems().toString()).isTrue();
    assertThat(first.input("orders").read()).isEqualTo(report.confirmedOrders());
    assertThat(first.input("orders").quarantined()).isEqualTo(OrdersDatabase.badRows());
    assertThat(first.quarantined("orders", "customer-present"))
        .isEqualTo(OrdersDatabase.NULL_CUSTOMERS);
    assertThat(first.quarantined("orders", "amount-not-negative"))
        .isEqualTo(OrdersDatabase.NEGATIVE_AMOUNTS);
    assertThat(first.quarantined("orders", "known-currency"))
        .isEqualTo(OrdersDatabase.UNKNOWN_CURRENCIES);
    assertThat(report.quarantineReasons()).containsOnlyKeys("customer-present",
        "amount-not-negative", "known-currency");
    // 5 countries x 7 days x 1 currency; the three ports publish the same rows
    assertThat(first.output("revenue-lake").written()).isEqualTo(35);
    assertThat(first.output("revenue-table").written()).isEqualTo(35);
    assertThat(first.output("revenue-iceberg").written()).isEqualTo(35);
    assertThat(text).contains("orders          input       " + report.confirmedOrders());

    assertThat(report.descriptors()).hasSize(4).allSatisfy(f -> assertThat(f).exists());
    assertThat(DataProductDescriptor.read(report.descriptors().get(0)).id())
        .isEqualTo("daily-revenue");
    assertThat(DataContracts.read(report.descriptors().get(1)).schema())
        .isEqualTo(SalesProducts.DAILY_REVENUE);
    assertThat(Files.readString(report.descriptors().get(0))).contains("apiVersion: v1.1.0");

    assertThat(report.kpiRun().succeeded()).isTrue();
    assertThat(report.kpiRun().input("daily-revenue").read()).isEqualTo(35);
    assertThat(report.kpiRun().output("kpis-lake").written()).isEqualTo(5);
    // country-kpis reads daily-revenue through its policies: analysts see top_customer hashed
    assertThat(report.kpisSawClearTopCustomer()).isFalse();
    assertThat(text).contains("access decision: product:marketing/country-kpis (roles"
        + " [analyst]) reads daily-revenue/revenue-lake: granted, top_customer hashed");
    assertThat(report.ungrantedMessage()).contains("Product 'country-kpis' may not read port"
        + " 'revenue-lake' of product 'daily-revenue'").contains("role [analyst]");

    assertThat(report.analystRows()).isEqualTo(35);
    assertThat(report.analystSawClearTopCustomer()).isFalse();
    assertThat(report.deniedMessage()).contains("'max'").contains("no grant on port");

    assertThat(report.secondRun().succeeded()).isTrue();
    assertThat(report.secondRun().publication("revenue-lake").orElseThrow().id())
        .isGreaterThan(first.publication("revenue-lake").orElseThrow().id());
    assertThat(report.previousPublicationRows()).isEqualTo(35);
    // OVERWRITE: each run replaces the Iceberg table; the first snapshot is read by time travel
    assertThat(report.icebergPublications()).isEqualTo(2);
    assertThat(report.icebergTimeTravelRows()).isEqualTo(35);
    assertThat(text).contains("read by time travel: 35 rows", "revenue-iceberg: table"
        + " sales.daily_revenue, 2 publications, latest iceberg:lake.sales.daily_revenue@");

    assertThat(report.pages()).extracting(f -> f.getFileName().toString())
        .containsExactly("index.html", "daily-revenue.html", "country-kpis.html");
    String index = Files.readString(report.pages().get(0));
    assertThat(index).contains("href=\"daily-revenue.html\"", "href=\"country-kpis.html\"",
        "ISO 3166-1 alpha-2 code of a country", "sales_order_day");
    String revenuePage = Files.readString(report.pages().get(1));
    assertThat(revenuePage).contains("revenue-lake: 2 retained publications",
        "The UTC calendar day on which an order was placed", "country-kpis.html", "pii",
        "<svg").doesNotContain("@mail.example");
    assertThat(Files.readString(report.pages().get(2))).contains("daily-revenue.html");
    assertThat(text).contains("== 6b. Product pages and the mesh index");

    assertThat(report.breakingRun().outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(report.breakingRun().error()).containsInstanceOf(
        IncompatibleContractException.class);
    assertThat(report.breakingChanges()).anySatisfy(c -> assertThat(c)
        .contains("largest_order").contains("removed"));
    assertThat(report.breakingRun().publications()).isEmpty();

    DemoReport.Streaming stream = report.streaming();
    assertThat(stream.read()).isEqualTo(OrderStream.EVENTS);
    assertThat(stream.quarantined())
        .isEqualTo(OrderStream.NEGATIVE_AMOUNTS + OrderStream.UNKNOWN_CURRENCIES);
    assertThat(stream.published()).isEqualTo(OrderStream.EVENTS - stream.quarantined());
    assertThat(stream.balanced()).isTrue();
    assertThat(stream.microBatches()).isGreaterThanOrEqualTo(OrderStream.EVENTS / 250);
    assertThat(stream.latestRows()).isPositive();
    assertThat(stream.analystSawClearEmail()).isFalse();
    assertThat(text).contains("8. Streaming", "quarantined " + stream.quarantined() + " to")
        .doesNotContain("@shop.example");

    assertThat(text).contains("dataproduct.run daily-revenue", "dataproduct.write revenue-lake",
        "# TYPE dataproduct_rows_written_total counter", "# HELP dataproduct_rows_written_total ",
        "dataproduct_rows_written_total{", "dataproduct_bytes_written_total{",
        "# TYPE dataproduct_freshness_seconds gauge", "DENIED", "still readable: 35 rows")
        .doesNotContain("ValuesView", "@mail.example", "_rows_total", "_bytes_total");
  }
}
