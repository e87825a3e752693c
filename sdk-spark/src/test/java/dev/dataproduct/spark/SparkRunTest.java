package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product run on local Spark, publishing to Iceberg: checks, quarantine, accounting, failure,
 * and the publication read by the SDK's consumers and by Spark.
 */
class SparkRunTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();

  @Test
  void run_checksRowsOnExecutors_publishesAcceptedRowsAndQuarantinesTheRest() {
    OutputPort port = Orders.port(lake.catalog(), "checked");
    DataProduct product = Orders.product(port, dp.telemetry());

    RunResult result = Orders.onSpark(product).run();

    assertThat(result.error()).isEmpty();
    assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);
    assertThat(result.output("out").received()).isEqualTo(20);
    assertThat(result.output("out").written()).isEqualTo(8);
    assertThat(result.output("out").quarantined()).isEqualTo(12);
    assertThat(result.quarantined("out", "schema")).isEqualTo(4);
    assertThat(result.quarantined("out", "amount-range")).isEqualTo(2);
    assertThat(result.quarantined("out", "status-allowed-values")).isEqualTo(1);
    assertThat(result.quarantined("out", "day-not-in-future")).isEqualTo(1);
    assertThat(result.quarantined("out", "no-13-13")).isEqualTo(1);
    assertThat(result.quarantined("out", "id-unique")).isEqualTo(3);
    assertThat(result.violations()).anySatisfy(v -> {
      assertThat(v.ruleId()).isEqualTo("customer-pattern");
      assertThat(v.count()).isEqualTo(2);
    });
    assertThat(Published.latest(port)).extracting(r -> r.get(0))
        .containsExactlyInAnyOrder(1L, 2L, 7L, 8L, 13L, 14L, 15L, 16L);
  }

  @Test
  void run_keepsTheFirstOfDuplicatesAcrossPartitions_andRejectedRowsClaimNoKey() {
    OutputPort port = Orders.port(lake.catalog(), "keys");
    RunResult result = Orders.onSpark(Orders.product(port, dp.telemetry())).run();

    List<List<Object>> rows = Published.latest(port);
    assertThat(rows).filteredOn(r -> r.get(0).equals(1L)).singleElement()
        .satisfies(r -> assertThat(r.get(1)).isEqualTo("ana"));
    assertThat(rows).filteredOn(r -> r.get(0).equals(7L)).singleElement()
        .satisfies(r -> assertThat(r.get(1)).isEqualTo("kai"));
    assertThat(rows).filteredOn(r -> r.get(0).equals(13L)).singleElement()
        .satisfies(r -> assertThat(r.get(1)).isEqualTo("oz"));
    assertThat(Published.quarantine(port)).filteredOn(q -> q.get(1).equals("id-unique"))
        .extracting(q -> q.get(2))
        .containsExactlyInAnyOrder(
            "field 'id' value '1' is a duplicate within the publication",
            "field 'id' value '2' is a duplicate within the publication",
            "field 'id' value '13' is a duplicate within the publication");
    assertThat(result.accountingBalanced()).isTrue();
  }

  @Test
  void run_balancesAccounting_andReportsTheSameSpansAndMeters() {
    OutputPort port = Orders.port(lake.catalog(), "accounted");
    RunResult result = Orders.onSpark(Orders.product(port, dp.telemetry())).run();

    assertThat(result.accountingProblems()).isEmpty();
    assertThat(result.input("raw").read()).isEqualTo(20);
    assertThat(result.output("out").received())
        .isEqualTo(result.output("out").written() + result.output("out").quarantined());
    assertThat(result.publication("out")).hasValueSatisfying(p -> assertThat(p.rows())
        .isEqualTo(8));
    assertThat(dp.spans("dataproduct.run orders")).hasSize(1);
    assertThat(dp.spans("dataproduct.transform")).hasSize(1);
    List<SpanData> writes = dp.spans("dataproduct.write out");
    assertThat(writes).singleElement().satisfies(s -> {
      assertThat(s.getAttributes().asMap().toString()).contains("spark.application.id",
          "spark.job.ids", "dataproduct.publication.id");
    });
    assertThat(dp.meters().get("dataproduct.rows.written").tag("port", "out").counter().count())
        .isEqualTo(8.0);
    assertThat(dp.meters().get("dataproduct.rows.quarantined").tag("port", "out").counter()
        .count()).isEqualTo(12.0);
  }

  @Test
  void run_failingInAnExecutor_publishesNothing_leavesNoFiles_andARerunSucceeds()
      throws IOException {
    OutputPort port = Orders.portWithoutKey(lake.catalog(), "failing");
    DataProduct product = Orders.product(port, dp.telemetry());
    RunResult first = Orders.onSpark(product).run();
    assertThat(first.succeeded()).isTrue();
    long before = PortStorage.store(port).publications().size();
    List<Path> filesBefore = files(lake.warehouse().resolve("sales/failing"));

    RunResult failed = SparkRun.builder(product).spark(LocalSpark.session())
        .transform(inputs -> Map.of("out", inputs.dataset("raw")
            .map(new FailOn(16L), Encoders.row(inputs.dataset("raw").schema()))))
        .build().run();

    assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(PortStorage.store(port).publications()).hasSize((int) before);
    assertThat(files(lake.warehouse().resolve("sales/failing"))).containsExactlyInAnyOrderElementsOf(
        filesBefore);
    assertThat(Orders.onSpark(product).run().succeeded()).isTrue();
    assertThat(PortStorage.store(port).publications()).hasSize((int) before + 1);
  }

  @Test
  void publication_isReadByOrdinaryConsumers_withTheAccessPolicy() {
    OutputPort port = Orders.port(lake.catalog(), "consumed");
    DataProduct product = Orders.product(port, dp.telemetry());
    Orders.onSpark(product).run().orThrow();

    List<Row> rows = new ArrayList<>();
    BatchReader reader = product.read("out", Principal.of("bob").withRoles("analyst"),
        ReadOptions.latest());
    try {
      for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
        rows.addAll(b);
      }
    } finally {
      reader.close();
    }
    assertThat(rows).hasSize(8);
    assertThat(rows).extracting(r -> r.get("amount")).contains(new BigDecimal("10.50"));
    assertThat(rows).extracting(r -> r.get("customer")).doesNotContain("ana"); // pii: masked
  }

  @Test
  void publication_isReadBySpark_asTheRowsOutputPortReadReturns() throws IOException {
    OutputPort port = Orders.port(lake.catalog(), "read_by_spark");
    DataProduct product = Orders.product(port, dp.telemetry()).toBuilder()
        .policy(AccessPolicy.allow("auditor").unmask("customer")).build();
    Orders.onSpark(product).run().orThrow();
    Publication published = product.output("out").latest().orElseThrow();

    List<List<Object>> bySdk = new ArrayList<>();
    BatchReader reader = product.output("out").read(Principal.of("carl").withRoles("auditor"),
        ReadOptions.latest());
    try {
      for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
        b.forEach(r -> bySdk.add(Arrays.asList(r.toArray())));
      }
    } finally {
      reader.close();
    }
    // Spark reads the files of the published snapshot (the one the publication names)
    long snapshot = Long.parseLong(published.location()
        .substring(published.location().lastIndexOf('@') + 1));
    Table table = lake.catalog().loadTable(TableIdentifier.of("sales", "read_by_spark"));
    List<String> dataFiles = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot)
        .planFiles()) {
      for (FileScanTask task : tasks) {
        assertThat(task.deletes()).isEmpty();
        dataFiles.add(task.file().location());
      }
    }
    List<List<Object>> bySpark = new ArrayList<>();
    for (org.apache.spark.sql.Row r : LocalSpark.session().read()
        .parquet(dataFiles.toArray(String[]::new))
        .select("id", "customer", "amount", "status", "day").collectAsList()) {
      bySpark.add(Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3),
          r.isNullAt(4) ? null : r.getDate(4).toLocalDate()));
    }

    assertThat(sorted(bySpark)).isEqualTo(sorted(bySdk)).hasSize(8);
    assertThat(bySpark).extracting(r -> r.get(1)).contains("ana", "Gus");
    assertThat(bySpark).extracting(r -> r.get(2)).contains(new BigDecimal("10.50"));
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort((a, b) -> a.toString().compareTo(b.toString()));
    return copy;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".parquet"))
          .toList();
    }
  }

  /** Fails the task that meets row {@code id} (at the end of the second partition). */
  static final class FailOn implements MapFunction<org.apache.spark.sql.Row,
      org.apache.spark.sql.Row> {
    private static final long serialVersionUID = 1L;
    private final long id;

    FailOn(long id) {
      this.id = id;
    }

    @Override
    public org.apache.spark.sql.Row call(org.apache.spark.sql.Row r) {
      if (!r.isNullAt(0) && r.getLong(0) == id) {
        throw new IllegalStateException("executor failure on purpose");
      }
      return r;
    }
  }
}
