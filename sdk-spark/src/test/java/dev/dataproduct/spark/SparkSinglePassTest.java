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
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
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
    List<Row> unique = uniqueOrders();

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

  @Test
  void theKeyCheck_findsRepeatsAndTheirAbsence_whateverTheNumberOfShufflePartitions() {
    // the key check has one bucket per SQL shuffle partition: one, or five for two input
    // partitions (buckets that get no hash, hashes of one input partition in several buckets)
    List<Row> unique = uniqueOrders();
    var conf = LocalSpark.session().conf();
    String before = conf.get("spark.sql.shuffle.partitions");
    try {
      for (String partitions : List.of("1", "5")) {
        conf.set("spark.sql.shuffle.partitions", partitions);
        dp.reset();
        sameAsInOneJvm("repeated_" + partitions, Orders.ROWS);
        assertThat(keysRepeated(dp)).as("%s partitions, repeats", partitions).isEqualTo("true");
        dp.reset();
        sameAsInOneJvm("unique_" + partitions, unique);
        assertThat(keysRepeated(dp)).as("%s partitions, none", partitions).isEqualTo("false");
      }
    } finally {
      conf.set("spark.sql.shuffle.partitions", before);
    }
  }

  @Test
  void aTaskWritingBeyondTheTargetFileSize_rollsOverIntoSeveralDataFiles() throws IOException {
    Schema schema = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(),
        Field.required("text", FieldType.STRING));
    OutputPort port = IcebergOutputPort.builder("out").catalog(lake.catalog())
        .table(TableIdentifier.of("sales", "rolled")).targetFileSize(1024 * 1024)
        .contract(DataContract.builder("texts").version("1.0.0").schema(schema).build()).build();
    List<Row> rows = new ArrayList<>();
    Random random = new Random(3);
    for (long i = 0; i < 120_000; i++) { // about 3.5 MB of Parquet: random text barely compresses
      rows.add(Row.of(schema, i, new UUID(random.nextLong(), random.nextLong()).toString()));
    }
    DataProduct product = DataProduct.builder("texts").version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-eng"))
        .input(InMemoryInputPort.of("raw", schema, rows))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(dp.telemetry())
        .build();

    RunResult run = SparkRun.builder(product).spark(LocalSpark.session())
        .transform(inputs -> Map.of("out", inputs.dataset("raw"))).build().run();

    assertThat(run.error()).isEmpty();
    assertThat(run.output("out").written()).isEqualTo(120_000);
    Table table = lake.catalog().loadTable(TableIdentifier.of("sales", "rolled"));
    List<DataFile> files = new ArrayList<>();
    table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
    assertThat(files).as("data files of the one snapshot, two tasks").hasSizeGreaterThan(2)
        .allSatisfy(f -> assertThat(f.fileSizeInBytes()).isLessThan(2L * 1024 * 1024));
    assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(120_000);
    assertThat(Published.latest(port)).hasSize(120_000);
  }

  /** The orders without the three rows repeating an accepted id. */
  private static List<Row> uniqueOrders() {
    List<Row> unique = new ArrayList<>(Orders.ROWS);
    unique.removeIf(r -> r.get("customer").equals("jo") || r.get("customer").equals("Ned")
        || r.get("customer").equals("sam"));
    return unique;
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
    return keysRepeated(dp, "out");
  }

  /** What the Spark run's write span of port {@code port} says of its keys. */
  static String keysRepeated(DataProductExtension dp, String port) {
    List<String> said = dp.spans("dataproduct.write " + port).stream()
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
