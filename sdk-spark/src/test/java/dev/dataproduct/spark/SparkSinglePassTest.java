package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two ways a port's job ends: the single pass, published as it wrote when no key repeats, and
 * the ordered job after it when one does. Either way the run publishes what a single-JVM run does,
 * and no file the commit does not reference is left behind.
 */
class SparkSinglePassTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();

  @Test
  void noKeyRepeats_theSinglePassIsPublished_asOneJvmPublishes() throws IOException {
    List<Row> unique = new ArrayList<>(Orders.ROWS);
    unique.removeIf(r -> r.get("customer").equals("jo") || r.get("customer").equals("Ned")
        || r.get("customer").equals("sam")); // the three rows repeating an accepted id

    RunResult onSpark = sameAsInOneJvm("unique", unique);

    assertThat(keysRepeated(dp)).isEqualTo("false");
    assertThat(onSpark.quarantined("out", "id-unique")).isZero();
    assertThat(onSpark.output("out").written()).isEqualTo(8);
    assertOnlyCommittedFiles("unique_spark");
  }

  @Test
  void aKeyRepeats_theOrderedJobIsPublished_andNoFileOfTheSinglePassRemains()
      throws IOException {
    RunResult onSpark = sameAsInOneJvm("repeated", Orders.ROWS);

    assertThat(keysRepeated(dp)).isEqualTo("true");
    assertThat(onSpark.quarantined("out", "id-unique")).isEqualTo(3);
    assertOnlyCommittedFiles("repeated_spark");
  }

  /** Runs the orders product in one JVM and on Spark; asserts they publish the same. */
  private static RunResult sameAsInOneJvm(String table, List<Row> rows) {
    OutputPort jvmPort = Orders.port(lake.catalog(), table + "_jvm");
    OutputPort sparkPort = Orders.port(lake.catalog(), table + "_spark");
    RunResult inJvm = Orders.product(jvmPort, dp.telemetry(), rows).run();
    RunResult onSpark = Orders.onSpark(Orders.product(sparkPort, dp.telemetry(), rows)).run();

    assertThat(onSpark.error()).isEmpty();
    assertThat(onSpark.outcome()).isEqualTo(inJvm.outcome());
    assertThat(Published.latest(sparkPort)).isEqualTo(Published.latest(jvmPort)).isNotEmpty();
    assertThat(Published.quarantine(sparkPort)).isEqualTo(Published.quarantine(jvmPort))
        .isNotEmpty();
    assertThat(onSpark.violations()).isEqualTo(inJvm.violations());
    assertThat(onSpark.output("out")).isEqualTo(inJvm.output("out"));
    return onSpark;
  }

  /** What the Spark run's write span says of its keys (the single-JVM run says nothing). */
  static String keysRepeated(DataProductExtension dp) {
    List<String> said = dp.spans("dataproduct.write out").stream()
        .map(s -> s.getAttributes().get(AttributeKey.stringKey(SparkRunner.KEYS_REPEATED)))
        .filter(Objects::nonNull)
        .toList();
    assertThat(said).hasSize(1);
    return said.get(0);
  }

  /** The Parquet files under the table and its quarantine are those their snapshot reads. */
  private static void assertOnlyCommittedFiles(String table) throws IOException {
    for (String name : List.of(table, table + "_quarantine")) {
      Table t = lake.catalog().loadTable(TableIdentifier.of("sales", name));
      Set<Path> committed = new HashSet<>();
      try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          committed.add(Path.of(URI.create(task.file().location())));
        }
      }
      try (Stream<Path> files = Files.walk(lake.warehouse().resolve("sales").resolve(name))) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")))
            .as("Parquet files of %s", name)
            .isNotEmpty()
            .containsExactlyInAnyOrderElementsOf(committed);
      }
    }
  }
}
