package dev.dataproduct.bench.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Transforms;
import dev.dataproduct.bench.core.BenchData;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spark.SparkRun;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Publishing the same orders (default 1,000,000; the figure is 10,000,000) with the
 * 8-column schema and the ten rules of the other benchmarks to Iceberg tables of one JDBC catalog
 * (H2) over local files, alternating round by round:
 *
 * <ul>
 *   <li><b>a. hand-written Spark</b>: what a team writes without the SDK: a {@code mapPartitions}
 *       writing generic records into one Iceberg data file per partition, the {@code DataFile}s
 *       collected, one {@code newAppend()} on the driver; no checks;
 *   <li><b>b. SparkRun</b>: the SDK on Spark: the ten rules and the primary key checked on the
 *       executors (one shuffle for the unique id), quarantine, accounting, one commit;
 *   <li><b>c. single JVM</b>: the same product's {@code run()} in this JVM, from the same number of
 *       rows in memory ({@code BenchData.rows}).
 * </ul>
 *
 * <p>The Spark rows are generated ({@code spark.range}) and cached before the rounds, so (a) and
 * (b) read the same cached data. Run (Spark is a provided dependency, not in the benchmark jar):
 * {@code mvn -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=provided} and
 * {@code java -Xmx6g -Dmaster=local[2] <Spark's --add-opens options from sdk-spark/pom.xml> -cp
 * benchmarks/target/benchmarks.jar:$(cat benchmarks/target/cp.txt)
 * dev.dataproduct.bench.spark.SparkPublishComparison [rounds] [rows]}. {@code -Dmaster=local[1]}
 * against {@code local[2]} gives the scaling; {@code -Dvariants=ab} skips the single-JVM run;
 * {@code -Drepeat=true} makes the last row repeat the first id, so that (b) takes its ordered job
 * (one row quarantined);
 * {@code -Dstages=true} prints each round's Spark stages (wall, run, CPU and GC time) and the
 * time spent outside them.
 */
public final class SparkPublishComparison {
  private final SparkSession spark;
  private final JdbcCatalog catalog;
  private final Dataset<Row> orders;
  private final dev.dataproduct.Row[] rows;
  private final Telemetry telemetry;
  private final int count;
  private int tables;

  private SparkPublishComparison(SparkSession spark, JdbcCatalog catalog, int count,
      dev.dataproduct.Row[] rows, Telemetry telemetry) {
    this.spark = spark;
    this.catalog = catalog;
    this.count = count;
    this.rows = rows;
    this.telemetry = telemetry;
    this.orders = generate(spark, count).cache();
    this.orders.count();
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    String variants = System.getProperty("variants", "abc");
    Path warehouse = Files.createTempDirectory("spark-bench");
    SparkSession spark = SparkSession.builder()
        .master(System.getProperty("master", "local[2]"))
        .appName("SparkPublishComparison")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", System.getProperty("shufflePartitions", "8"))
        .config("spark.sql.warehouse.dir", warehouse.resolve("spark").toUri().toString())
        .getOrCreate();
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build();
    try (JdbcCatalog catalog = new JdbcCatalog()) {
      catalog.setConf(new Configuration());
      catalog.initialize("bench", Map.of(
          CatalogProperties.URI, "jdbc:h2:mem:spark-bench;DB_CLOSE_DELAY=-1",
          CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
          "jdbc.schema-version", "V1"));
      Telemetry telemetry = Telemetry.of(
          OpenTelemetrySdk.builder().setTracerProvider(tracing).build(),
          new SimpleMeterRegistry());
      new SparkPublishComparison(spark, catalog, count,
          variants.contains("c") ? BenchData.rows(count) : new dev.dataproduct.Row[0], telemetry)
          .compare(rounds, Integer.getInteger("warmup", 1), variants);
    } finally {
      tracing.close();
      spark.stop();
    }
  }

  /**
   * The orders of {@code BenchData.ORDERS}, valid, deterministic, distinct ids unless {@code
   * -Drepeat=true}.
   */
  static Dataset<Row> generate(SparkSession spark, long n) {
    Column id = col("id");
    // -Drepeat=true: the last row repeats the first id, which sends (b) to its ordered job
    Column written = Boolean.getBoolean("repeat") ? when(id.equalTo(n - 1), lit(0L)).otherwise(id)
        : id;
    return spark.range(n).select(
        written.as("id"),
        concat(lit("customer-"), pmod(id, lit(5000)).cast("string")).as("customer"),
        pick(BenchData.COUNTRIES, hash(id, lit(1))).as("country"),
        pick(BenchData.CURRENCIES, hash(id, lit(2))).as("currency"),
        pmod(hash(id, lit(3)), lit(9_999_999)).plus(1).cast(DataTypes.createDecimalType(12, 0))
            .divide(100).cast(DataTypes.createDecimalType(12, 2)).as("amount"),
        pick(BenchData.STATUSES, hash(id, lit(4))).as("status"),
        timestamp_seconds(lit(1_767_225_600L).plus(abs(pmod(hash(id, lit(5)),
            lit(10_000_000))))).as("placed_at"),
        concat(lit("note "), pmod(id, lit(100)).cast("string")).as("note"));
  }

  private static Column pick(String[] values, Column hash) {
    Column[] items = Arrays.stream(values).map(v -> lit(v)).toArray(Column[]::new);
    return element_at(array(items), pmod(hash, lit(values.length)).plus(1).cast("int"));
  }

  private interface Variant {
    void run(TableIdentifier table) throws Exception;
  }

  private void compare(int rounds, int warmup, String which) throws Exception {
    Map<String, Variant> variants = new LinkedHashMap<>();
    if (which.contains("a")) {
      variants.put("a. hand-written Spark + Iceberg append", this::handWritten);
    }
    if (which.contains("b")) {
      variants.put("b. SparkRun, 10 rules + key, telemetry", this::sdkOnSpark);
    }
    if (which.contains("c")) {
      variants.put("c. single-JVM run, 10 rules, telemetry", this::sdkInOneJvm);
    }
    List<String> names = new ArrayList<>(variants.keySet());
    StageTimes stages = Boolean.getBoolean("stages") ? new StageTimes() : null;
    if (stages != null) {
      spark.sparkContext().addSparkListener(stages);
    }
    Map<String, List<Double>> rowsPerSecond = new LinkedHashMap<>();
    names.forEach(n -> rowsPerSecond.put(n, new ArrayList<>()));
    for (int round = 0; round < warmup + rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        TableIdentifier table = TableIdentifier.of("bench", "t" + (++tables));
        System.gc();
        long start = System.nanoTime();
        variants.get(name).run(table);
        double seconds = (System.nanoTime() - start) / 1e9;
        catalog.dropTable(table, true);
        catalog.dropTable(TableIdentifier.of("bench", table.name() + "_quarantine"), true);
        if (round >= warmup) {
          rowsPerSecond.get(name).add(count / seconds);
        }
        System.out.printf(Locale.ROOT, "%s round %d %-45s %,12.0f rows/s%n",
            round < warmup ? "warmup" : "      ", round, name, count / seconds);
        if (stages != null) {
          Thread.sleep(200); // the listener bus delivers the last stage's end asynchronously
          stages.print(Math.round(seconds * 1000));
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nMedian of %d rounds, %,d rows, %s, %s, %d cores:%n",
        rounds, count, spark.sparkContext().master(), Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    for (String name : names) {
      System.out.printf(Locale.ROOT, "  %-45s %,12.0f rows/s%n", name,
          median(rowsPerSecond.get(name)));
    }
    if (names.size() >= 2 && which.startsWith("ab")) {
      System.out.printf(Locale.ROOT, "  time b/a = %.2f%n",
          median(rowsPerSecond.get(names.get(0))) / median(rowsPerSecond.get(names.get(1))));
    }
  }

  private static double median(List<Double> xs) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** What a team writes by hand: a data file per partition, one append on the driver. */
  private void handWritten(TableIdentifier id) {
    List<Types.NestedField> columns = new ArrayList<>();
    int fieldId = 1;
    for (Field f : BenchData.ORDERS.fields()) {
      columns.add(Types.NestedField.optional(fieldId++, f.name(), switch (f.type()) {
        case INTEGER -> Types.LongType.get();
        case NUMBER -> Types.DecimalType.of(12, 2);
        case TIMESTAMP -> Types.TimestampType.withZone();
        default -> Types.StringType.get();
      }));
    }
    org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(columns);
    Table table = catalog.createTable(id, schema, PartitionSpec.unpartitioned(),
        Map.of("format-version", "2", "write.parquet.compression-codec", "zstd"));
    Table shipped = SerializableTable.copyOf(table);
    MapPartitionsFunction<Row, DataFile> write = partition -> {
      String name = "hand-" + TaskContext.getPartitionId() + "-"
          + TaskContext.get().taskAttemptId() + ".parquet";
      DataWriter<Record> writer = Parquet.writeData(shipped.io().newOutputFile(
              shipped.locationProvider().newDataLocation(name)))
          .schema(schema)
          .createWriterFunc(GenericParquetWriter::create)
          .setAll(shipped.properties())
          .withSpec(PartitionSpec.unpartitioned())
          .overwrite()
          .build();
      try (writer) {
        GenericRecord template = GenericRecord.create(schema);
        while (partition.hasNext()) {
          Row row = partition.next();
          GenericRecord r = template.copy();
          for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            r.set(i, v instanceof java.sql.Timestamp t ? t.toInstant().atOffset(ZoneOffset.UTC)
                : v);
          }
          writer.write(r);
        }
      }
      return List.of(writer.toDataFile()).iterator();
    };
    List<DataFile> files = orders.mapPartitions(write, Encoders.javaSerialization(DataFile.class))
        .collectAsList();
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
  }

  private DataProduct product(TableIdentifier id, List<dev.dataproduct.Row> input) {
    OutputPort port = IcebergOutputPort.builder("orders-table").catalog(catalog).table(id)
        .contract(BenchData.contract()).build();
    return DataProduct.builder("orders").version("1.0.0").domain("bench")
        .owner(Owner.business("bench@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.of("orders-in", BenchData.ORDERS, input))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(telemetry)
        .build();
  }

  private void sdkOnSpark(TableIdentifier id) {
    SparkRun.builder(product(id, List.of())).spark(spark)
        .transform(inputs -> Map.of("orders-table", orders))
        .build().run().orThrow();
  }

  private void sdkInOneJvm(TableIdentifier id) {
    product(id, Arrays.asList(rows)).run().orThrow();
  }
}
