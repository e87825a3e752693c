package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Transforms;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.ValueRoundTrip;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The round-trip property ({@link ValueRoundTrip}) on Spark: every value the transform's dataset
 * holds reads back exactly from the publication or its row is quarantined with a reason naming
 * the field, through the single pass and through the ordered job alike; and an input value no
 * Spark dataset holds exactly (a fraction of a microsecond, an unpaired surrogate, a date beyond
 * 32-bit days...) stops the run with the field named, instead of reaching the transform changed.
 * Objects and arrays are left out: an input hands them to Spark as JSON text.
 */
class SparkValueRoundTripTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined_fromTheSinglePass() {
    roundTrip("single_pass", 42L, false);
  }

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined_fromTheOrderedJob() {
    roundTrip("ordered", 43L, true);
  }

  @Test
  void aValueNoSparkDatasetHolds_stopsTheRun_namingTheFieldAndNeverTheValue() {
    Map<String, Object> unholdable = Map.of(
        "t", Instant.parse("2026-12-03T10:15:30.123456789Z"),
        "s", "secret-\uD800-text",
        "d", LocalDate.of(6_000_000, 1, 1),
        "n", new BigDecimal("0.30000000000000000001"));
    for (Map.Entry<String, Object> e : unholdable.entrySet()) {
      dp.reset();
      List<Row> rows = List.of(ValueRoundTrip.row(1L, "s", "fine"),
          ValueRoundTrip.row(2L, e.getKey(), e.getValue()));

      RunResult run = run(port("refused_" + e.getKey()), rows);

      assertThat(run.error()).as(e.getKey()).isPresent();
      Throwable error = run.error().get();
      assertThat(error).isInstanceOf(DataProductException.class)
          .hasMessageContaining("Input port 'in'")
          .hasMessageContaining("field '" + e.getKey() + "'")
          .hasMessageContaining("Spark")
          .hasMessageContaining("where the input is produced");
      for (Throwable t = error; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).as("%s: message of %s", e.getKey(), t)
            .doesNotContain("secret").doesNotContain("123456789").doesNotContain("6000000")
            .doesNotContain("30000000000000000001");
      }
    }
  }

  /**
   * Runs {@link ValueRoundTrip#rows} that Spark holds through a port on Spark and checks the
   * property; with {@code repeat}, one more row repeats the first id, which sends the port to the
   * ordered job (that row quarantined as a repeat).
   */
  private static void roundTrip(String table, long seed, boolean repeat) {
    List<Row> sent = holdable(ValueRoundTrip.rows(seed, 400));
    List<Row> rows = new ArrayList<>(sent);
    if (repeat) {
      rows.add(ValueRoundTrip.row(1L, "s", "a repeated id"));
    }
    OutputPort port = port(table);

    RunResult run = run(port, rows);

    assertThat(SparkSinglePassTest.keysRepeated(dp, "values")).isEqualTo(Boolean.toString(repeat));
    assertRoundTrip(port, run, sent, repeat ? 1 : 0);
  }

  /**
   * The rows whose every value a Spark dataset of the input's types holds exactly, after checking
   * the input's own judgement ({@link SparkRows.Holdable}) against what Spark's conversions do:
   * objects and arrays dropped, rows the input's conformance refuses left out.
   */
  private static List<Row> holdable(List<Row> rows) {
    SparkRows.Holdable check = new SparkRows.Holdable(ValueRoundTrip.SCHEMA, "in", Instant.now());
    List<Row> kept = new ArrayList<>();
    int refused = 0;
    for (Row original : rows) {
      Object[] values = original.toArray();
      values[ValueRoundTrip.SCHEMA.indexOf("o")] = null;
      values[ValueRoundTrip.SCHEMA.indexOf("a")] = null;
      Row r = Row.of(ValueRoundTrip.SCHEMA, values);
      boolean judged;
      try {
        check.check(r);
        judged = true;
      } catch (DataProductException e) {
        judged = false;
      }
      assertThat(judged).as("Spark holds row %s", r.get("id")).isEqualTo(sparkHolds(r));
      if (judged) {
        kept.add(r);
      } else {
        refused++;
      }
    }
    assertThat(refused).as("rows refused").isPositive();
    assertThat(kept).as("rows kept").hasSizeGreaterThan(100);
    return kept;
  }

  /**
   * What Spark keeps, by its own conversions: text that survives UTF-8, timestamps of whole
   * microseconds within a long, dates within 32-bit days, numbers (an undeclared NUMBER is a
   * double) a double holds, decimals within decimal(38, 10).
   */
  private static boolean sparkHolds(Row r) {
    if (r.get("s") instanceof String s
        && !new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s)) {
      return false;
    }
    if (r.get("t") instanceof Instant t) {
      if (t.getNano() % 1_000 != 0) {
        return false;
      }
      try {
        Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
      } catch (ArithmeticException e) {
        return false;
      }
    }
    if (r.get("d") instanceof LocalDate d
        && (d.toEpochDay() < Integer.MIN_VALUE || d.toEpochDay() > Integer.MAX_VALUE)) {
      return false;
    }
    Object n = r.get("n");
    if (n instanceof Double x && !Double.isFinite(x)) {
      return false;
    }
    if (n instanceof BigDecimal x && (Double.isInfinite(x.doubleValue())
        || BigDecimal.valueOf(x.doubleValue()).compareTo(x) != 0)) {
      return false;
    }
    Object m = r.get("m");
    if (m != null) {
      if (m instanceof Double y && !Double.isFinite(y)) {
        return false;
      }
      BigDecimal x = m instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) m).doubleValue());
      try {
        x = x.setScale(10);
      } catch (ArithmeticException e) {
        return false;
      }
      return x.precision() - x.scale() <= 28;
    }
    return true;
  }

  private static OutputPort port(String table) {
    return IcebergOutputPort.builder("values").catalog(lake.catalog())
        .table(TableIdentifier.of("values", table)).contract(ValueRoundTrip.contract()).build();
  }

  private static RunResult run(OutputPort port, List<Row> rows) {
    DataProduct product = DataProduct.builder("round-trip").version("1.0.0").domain("testing")
        .owner(Owner.business("owner@example.com"), Owner.technical("data-eng"))
        .input(InMemoryInputPort.of("in", ValueRoundTrip.SCHEMA, rows))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allowAll())
        .telemetry(dp.telemetry())
        .build();
    return SparkRun.builder(product).spark(LocalSpark.session())
        .transform(inputs -> Map.of("values", inputs.dataset("in"))).build().run();
  }

  /**
   * The run published each sent row exactly or quarantined it naming a field; besides, {@code
   * repeats} rows were quarantined as repeats of an id.
   */
  private static void assertRoundTrip(OutputPort port, RunResult run, List<Row> sent,
      int repeats) {
    assertThat(run.error()).isEmpty();
    assertThat(run.accountingProblems()).isEmpty();
    List<Row> readBack = ValueRoundTrip.readAll(PortStorage.store(port), ValueRoundTrip.SCHEMA);
    List<Row> quarantined = new ArrayList<>();
    int repeated = 0;
    for (Row q : ValueRoundTrip.readAll(PortStorage.quarantine(port), Quarantine.SCHEMA)) {
      if (((String) q.get(Quarantine.RULE_ID)).endsWith("unique")) {
        repeated++;
      } else {
        quarantined.add(q);
      }
    }
    assertThat(repeated).as("rows quarantined as a repeated id").isEqualTo(repeats);
    ValueRoundTrip.assertExactOrQuarantined(sent, readBack, quarantined);
    assertThat(readBack.size() + quarantined.size()).isEqualTo(sent.size());
    assertThat(readBack).as("rows read back").hasSizeGreaterThan(sent.size() / 2);
  }
}
