package dev.dataproduct.spark;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.ContractViolationException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FAIL rules and dataset rules on Spark, and another product as an input, read as a principal. */
class SparkRulesAndInputsTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();

  private static OutputPort port(String table, DataContract contract) {
    return IcebergOutputPort.builder("out").catalog(lake.catalog())
        .table(TableIdentifier.of("sales", table)).contract(contract).build();
  }

  @Test
  void failRule_quarantinesEveryViolatingRow_failsTheRun_andPublishesNothing() {
    DataContract failing = Orders.CONTRACT.toBuilder().clearRules()
        .rule(Rules.range("amount", 0, 10_000).action(Action.FAIL)).build();
    OutputPort port = port("fail_rule", failing);

    RunResult result = Orders.onSpark(Orders.product(port, dp.telemetry())).run();

    assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.error()).containsInstanceOf(ContractViolationException.class);
    assertThat(result.error().orElseThrow().getMessage()).contains("amount-range", "FAIL");
    assertThat(PortStorage.store(port).publications()).isEmpty();
    assertThat(Published.quarantine(port)).filteredOn(q -> q.get(1).equals("amount-range"))
        .extracting(q -> (String) q.get(2))
        .hasSize(2).allSatisfy(reason -> assertThat(reason).startsWith("FAIL: "));
    assertThat(result.output("out").written()).isZero();
    assertThat(result.output("out").discarded()).isEqualTo(result.output("out").received()
        - result.output("out").quarantined());
    assertThat(result.accountingBalanced()).isTrue();
  }

  @Test
  void datasetRule_failingOnTheJobsCounts_failsTheRun_andStillCommitsTheQuarantine() {
    DataContract many = Orders.CONTRACT.toBuilder().clearRules()
        .rule(Rules.rowCount(100, null)).build();
    OutputPort port = port("row_count", many);

    RunResult result = Orders.onSpark(Orders.product(port, dp.telemetry())).run();

    assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.error().orElseThrow().getMessage()).contains("row-count");
    assertThat(PortStorage.store(port).publications()).isEmpty();
    assertThat(Published.quarantine(port)).hasSize(8); // 4 schema, 4 duplicates (7 too now)
    assertThat(result.violations()).anySatisfy(v -> assertThat(v.ruleId()).isEqualTo("row-count"));
  }

  static final Schema STATS = Schema.of(
      Field.required("status", FieldType.STRING).asPrimaryKey(),
      Field.required("orders", FieldType.INTEGER),
      Field.required("total", FieldType.NUMBER).withDecimal(14, 2));

  private static DataProduct stats(OutputPort upstreamPort, String role, String table) {
    return DataProduct.builder("order-stats").version("1.0.0").domain("finance")
        .owner(Owner.business("bo@corp.example"), Owner.technical("fin-eng"))
        .input(ProductInputPort.builder("orders").from(upstreamPort).as(role)
            .schema(Schema.of(Field.required("id", FieldType.INTEGER),
                Field.required("amount", FieldType.NUMBER).withDecimal(10, 2),
                Field.optional("status", FieldType.STRING)))
            .build())
        .output(port(table, DataContract.builder("order-stats").version("1.0.0").schema(STATS)
            .build()))
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(dp.telemetry())
        .build();
  }

  private static SparkRun statsOnSpark(DataProduct stats) {
    return SparkRun.builder(stats).spark(LocalSpark.session())
        .transform(inputs -> Map.of("out", inputs.dataset("orders")
            .na().fill("NONE", new String[] {"status"})
            .groupBy("status")
            .agg(count(lit(1)).as("orders"), sum("amount").as("total"))))
        .build();
  }

  @Test
  void productInput_isReadOnTheDriverAsThePrincipal_throughTheUpstreamsPolicies() {
    DataProduct upstream = Orders.product(Orders.port(lake.catalog(), "upstream"), dp.telemetry());
    upstream.run().orThrow();

    DataProduct stats = stats(upstream.output("out"), "analyst", "stats");
    RunResult result = statsOnSpark(stats).run();

    assertThat(result.error()).isEmpty();
    assertThat(result.input("orders").read()).isEqualTo(8);
    assertThat(Published.latest(stats.output("out"))).containsExactly(
        List.of("NEW", 3L, new BigDecimal("10052.50")),
        List.of("PAID", 3L, new BigDecimal("132.25")),
        List.of("SHIPPED", 2L, new BigDecimal("9.00")));
    assertThat(dp.spans("dataproduct.consume out")).isNotEmpty();
  }

  @Test
  void productInput_withoutAGrant_failsTheRunWithTheAccessDecision() {
    DataProduct upstream = Orders.product(Orders.port(lake.catalog(), "guarded"), dp.telemetry());
    upstream.run().orThrow();

    RunResult result = statsOnSpark(stats(upstream.output("out"), "intern", "denied")).run();

    assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.error()).containsInstanceOf(AccessDeniedException.class);
  }
}
