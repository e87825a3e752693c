package dev.dataproduct.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.RunOutcome;
import dev.dataproduct.testing.postgres.EmbeddedPostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's switch to real infrastructure: {@code DP_JDBC_URL} pointing at a real PostgreSQL
 * server (embedded here, so the test needs no install) runs the same flow with the same numbers.
 */
class DemoOnPostgresTest {

  @Test
  void demo_withDpJdbcUrlOfPostgres_runsTheSameFlowThere() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      Map<String, String> env = Map.of(
          "DP_JDBC_URL", pg.jdbcUrl(),
          "DP_JDBC_USER", "postgres");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      DemoReport report;
      try (DemoEnvironment demo = DemoEnvironment.fromEnvironment(env)) {
        report = new Demo(demo, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
      }
      String text = printed.toString(StandardCharsets.UTF_8);
      assertThat(text).contains("database: jdbc:postgresql:");
      assertThat(report.firstRun().outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);
      assertThat(report.firstRun().accountingBalanced()).isTrue();
      assertThat(report.firstRun().input("orders").quarantined())
          .isEqualTo(OrdersDatabase.badRows());
      assertThat(report.firstRun().output("revenue-table").written()).isEqualTo(35);
      assertThat(report.analystSawClearTopCustomer()).isFalse();
      assertThat(report.deniedMessage()).contains("no grant");
      assertThat(report.breakingRun().outcome()).isEqualTo(RunOutcome.FAILED);
      assertThat(text).contains("db.system.name=postgresql");
    }
  }
}
