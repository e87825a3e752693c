package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same product and input, run in one JVM and on Spark: the same published rows, the same
 * quarantine records (rule ids, reasons, rejected rows), the same counts and violations (with the
 * same example reasons).
 */
class SparkEquivalenceTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();

  @Test
  void sameProduct_inOneJvmAndOnSpark_publishesTheSameRowsAndQuarantine() {
    OutputPort jvmPort = Orders.port(lake.catalog(), "single_jvm");
    OutputPort sparkPort = Orders.port(lake.catalog(), "on_spark");
    DataProduct jvm = Orders.product(jvmPort, dp.telemetry());
    DataProduct spark = Orders.product(sparkPort, dp.telemetry());

    RunResult inJvm = jvm.run();
    RunResult onSpark = Orders.onSpark(spark).run();

    assertThat(onSpark.error()).isEmpty();
    assertThat(onSpark.outcome()).isEqualTo(inJvm.outcome());
    assertThat(Published.latest(sparkPort)).isEqualTo(Published.latest(jvmPort)).hasSize(8);
    assertThat(Published.quarantine(sparkPort)).isEqualTo(Published.quarantine(jvmPort))
        .hasSize(12);
    assertThat(onSpark.violations()).isEqualTo(inJvm.violations());
    assertThat(onSpark.output("out")).isEqualTo(inJvm.output("out"));
    assertThat(onSpark.input("raw")).isEqualTo(inJvm.input("raw"));
  }

  static final Schema RAW = Schema.of(
      Field.optional("day", FieldType.DATE),
      Field.optional("country", FieldType.STRING),
      Field.optional("code", FieldType.STRING),
      Field.optional("at", FieldType.TIMESTAMP));
  static final Schema KEYED = Schema.of(
      Field.required("day", FieldType.DATE).asPrimaryKey(),
      Field.required("country", FieldType.STRING).asPrimaryKey(),
      Field.optional("code", FieldType.STRING),
      Field.optional("at", FieldType.TIMESTAMP));
  static final DataContract KEYED_CONTRACT = DataContract.builder("keyed").version("1.0.0")
      .schema(KEYED)
      .rule(Rules.unique("code").action(Action.WARN))
      .rule(Rules.unique("at"))
      .build();

  static List<Row> keyedRows() {
    LocalDate d1 = LocalDate.of(2026, 11, 1);
    LocalDate d2 = LocalDate.of(2026, 11, 2);
    Instant t = Instant.parse("2026-11-01T10:15:30.123456Z");
    return List.of(
        Row.of(RAW, d1, "DE", "a", t),
        Row.of(RAW, d1, "FR", "a", t.plusSeconds(1)),          // WARN: code a again
        Row.of(RAW, d1, null, "b", t.plusSeconds(2)),          // schema: country required
        Row.of(RAW, d2, "DE", null, t),                        // duplicate at
        Row.of(RAW, d2, "FR", null, null),
        Row.of(RAW, d2, "IT", null, null),                     // nulls never collide
        // second half
        Row.of(RAW, d1, "DE", "c", t.plusSeconds(3)),          // duplicate key (d1, DE)
        Row.of(RAW, d2, "DE", "d", t.plusSeconds(4)),          // (d2, DE): its first was rejected
        Row.of(RAW, d2, "FR", "a", t.plusSeconds(5)),          // duplicate key, and WARN code
        Row.of(RAW, null, "ES", "e", t.plusSeconds(6)),        // schema: day required
        Row.of(RAW, d1, "ES", "e", t.plusSeconds(1)),          // duplicate at
        Row.of(RAW, d1, "IT", "f", t.plusSeconds(7)));
  }

  static DataProduct keyed(String table, List<Row> rows) {
    return DataProduct.builder("keyed").version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-eng"))
        .input(InMemoryInputPort.of("raw", RAW, rows))
        .transform(Transforms.identity())
        .output(IcebergOutputPort.builder("out").catalog(lake.catalog())
            .table(TableIdentifier.of("sales", table)).contract(KEYED_CONTRACT).build())
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(dp.telemetry())
        .build();
  }

  @Test
  void compositeKeyWarnUniquenessAndTimestamps_inOneJvmAndOnSpark_giveTheSameVerdicts() {
    DataProduct jvm = keyed("keyed_jvm", keyedRows());
    DataProduct spark = keyed("keyed_spark", keyedRows());

    RunResult inJvm = jvm.run();
    RunResult onSpark = SparkRun.builder(spark).spark(LocalSpark.session())
        .transform(inputs -> Map.of("out", inputs.dataset("raw")))
        .build().run();

    assertThat(onSpark.error()).isEmpty();
    assertThat(Published.latest(spark.output("out")))
        .isEqualTo(Published.latest(jvm.output("out"))).hasSize(6);
    assertThat(Published.quarantine(spark.output("out")))
        .isEqualTo(Published.quarantine(jvm.output("out"))).hasSize(6);
    assertThat(onSpark.quarantined("out", "primary-key-unique")).isEqualTo(2);
    assertThat(onSpark.violations()).anySatisfy(v -> {
      assertThat(v.ruleId()).isEqualTo("code-unique");
      assertThat(v.count()).isEqualTo(2);
    });
    assertThat(onSpark.violations()).isEqualTo(inJvm.violations());
    assertThat(onSpark.output("out")).isEqualTo(inJvm.output("out"));
    assertThat(SparkSinglePassTest.keysRepeated(dp)).isEqualTo("true");
  }

  @Test
  void severalKeys_noneRepeating_theSinglePassGivesTheSameVerdicts() {
    List<Row> rows = keyedRows();
    List<Row> unique = List.of(rows.get(0), rows.get(2), rows.get(4), rows.get(5), rows.get(7),
        rows.get(9), rows.get(11)); // no key, code or time twice among the accepted rows
    DataProduct jvm = keyed("unique_keyed_jvm", unique);
    DataProduct spark = keyed("unique_keyed_spark", unique);

    RunResult inJvm = jvm.run();
    RunResult onSpark = SparkRun.builder(spark).spark(LocalSpark.session())
        .transform(inputs -> Map.of("out", inputs.dataset("raw")))
        .build().run();

    assertThat(onSpark.error()).isEmpty();
    assertThat(SparkSinglePassTest.keysRepeated(dp)).isEqualTo("false");
    assertThat(Published.latest(spark.output("out")))
        .isEqualTo(Published.latest(jvm.output("out"))).hasSize(5);
    assertThat(Published.quarantine(spark.output("out")))
        .isEqualTo(Published.quarantine(jvm.output("out"))).hasSize(2);
    assertThat(onSpark.violations()).isEqualTo(inJvm.violations());
    assertThat(onSpark.output("out")).isEqualTo(inJvm.output("out"));
  }
}
