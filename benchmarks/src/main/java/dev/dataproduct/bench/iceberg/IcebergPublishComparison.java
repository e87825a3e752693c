package dev.dataproduct.bench.iceberg;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.bench.core.BenchData;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Publishing the same rows (default 1,000,000, the 8-column schema of the other storage
 * benchmarks) to Iceberg tables of one JDBC catalog (H2) over local files, in one JVM, alternating
 * round by round:
 *
 * <ul>
 *   <li><b>a. hand-written</b>: what a team writes: generic records into one Parquet data file
 *       ({@code GenericParquetWriter}), one {@code newAppend().appendFile(...).commit()};
 *   <li><b>b. sdk</b>: a {@code DataProduct} run into {@code IcebergOutputPort} with the ten rules
 *       and real telemetry (OpenTelemetry SDK, Micrometer);
 *   <li><b>c. sdk, telemetry noop</b>: the same with {@link Telemetry#noop()}.
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests}, then {@code java -Xmx2g -cp
 * benchmarks/target/benchmarks.jar dev.dataproduct.bench.iceberg.IcebergPublishComparison
 * [rounds] [rows]}. Each variant writes a new table; tables are dropped (untimed) after each
 * round. Next to rows/s it prints the CPU time per row of the calling thread (the run thread of
 * (b) and (c), which runs the checks; the only thread of (a)) and of the whole process.
 */
public final class IcebergPublishComparison {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final JdbcCatalog catalog;
  private final Row[] rows;
  private final Telemetry telemetry;
  private int tables;

  private IcebergPublishComparison(JdbcCatalog catalog, Row[] rows, Telemetry telemetry) {
    this.catalog = catalog;
    this.rows = rows;
    this.telemetry = telemetry;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path warehouse = Files.createTempDirectory("iceberg-bench");
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build();
    try (JdbcCatalog catalog = new JdbcCatalog()) {
      catalog.setConf(new Configuration());
      catalog.initialize("bench", Map.of(
          CatalogProperties.URI, "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
          CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
          "jdbc.schema-version", "V1"));
      Telemetry telemetry = Telemetry.of(
          OpenTelemetrySdk.builder().setTracerProvider(tracing).build(),
          new SimpleMeterRegistry());
      new IcebergPublishComparison(catalog, BenchData.rows(count), telemetry)
          .compare(rounds, Integer.getInteger("warmup", 3));
    } finally {
      tracing.close();
    }
  }

  private interface Variant {
    void run(TableIdentifier table) throws Exception;
  }

  private void compare(int rounds, int warmup) throws Exception {
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("a. hand-written generic Parquet append", this::handWritten);
    variants.put("b. IcebergOutputPort, 10 rules, telemetry", t -> sdk(t, telemetry));
    variants.put("c. IcebergOutputPort, 10 rules, telemetry noop", t -> sdk(t, Telemetry.noop()));
    List<String> names = new ArrayList<>(variants.keySet());
    Map<String, List<Double>> rowsPerSecond = new LinkedHashMap<>();
    names.forEach(n -> rowsPerSecond.put(n, new ArrayList<>()));
    Map<String, List<double[]>> cpu = new LinkedHashMap<>();
    names.forEach(n -> cpu.put(n, new ArrayList<>()));
    for (int round = 0; round < warmup + rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        TableIdentifier table = TableIdentifier.of("bench", "t" + (++tables));
        System.gc();
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        variants.get(name).run(table);
        double seconds = (System.nanoTime() - start) / 1e9;
        double threadNs = (double) (THREADS.getCurrentThreadCpuTime() - threadCpu) / rows.length;
        double processNs = (double) (PROCESS.getProcessCpuTime() - processCpu) / rows.length;
        catalog.dropTable(table, true);
        if (round >= warmup) {
          rowsPerSecond.get(name).add(rows.length / seconds);
          cpu.get(name).add(new double[] {threadNs, processNs});
        }
        System.out.printf(Locale.ROOT, "%s round %d %-50s %,12.0f rows/s  CPU/row: caller %,5.0f"
            + " ns, process %,5.0f ns%n", round < warmup ? "warmup" : "      ", round, name,
            rows.length / seconds, threadNs, processNs);
      }
    }
    System.out.printf(Locale.ROOT, "%nMedian of %d rounds, %,d rows, %s, %d cores:%n", rounds,
        rows.length, Runtime.version(), Runtime.getRuntime().availableProcessors());
    double[] medians = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      medians[i] = median(rowsPerSecond.get(names.get(i)));
      List<double[]> c = cpu.get(names.get(i));
      System.out.printf(Locale.ROOT, "  %-50s %,12.0f rows/s  CPU/row: caller %,5.0f ns,"
          + " process %,5.0f ns%n", names.get(i), medians[i],
          median(c.stream().map(x -> x[0]).toList()), median(c.stream().map(x -> x[1]).toList()));
    }
    System.out.printf(Locale.ROOT, "  b/a = %.2f   b/c = %.2f%n", medians[1] / medians[0],
        medians[1] / medians[2]);
  }

  private static double median(List<Double> xs) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** What a team writes by hand: one data file of generic records, one append. */
  private void handWritten(TableIdentifier id) throws Exception {
    Schema schema = BenchData.ORDERS;
    List<Types.NestedField> columns = new ArrayList<>();
    int fieldId = 1;
    for (Field f : schema.fields()) {
      columns.add(Types.NestedField.optional(fieldId++, f.name(), switch (f.type()) {
        case INTEGER -> Types.LongType.get();
        case NUMBER -> Types.DecimalType.of(12, 2);
        case TIMESTAMP -> Types.TimestampType.withZone();
        default -> Types.StringType.get();
      }));
    }
    org.apache.iceberg.Schema icebergSchema = new org.apache.iceberg.Schema(columns);
    Table table = catalog.createTable(id, icebergSchema, PartitionSpec.unpartitioned(),
        Map.of("format-version", "2", "write.parquet.compression-codec", "zstd"));
    String[] names = schema.fieldNames().toArray(String[]::new);
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(
            table.locationProvider().newDataLocation("hand-" + id.name() + ".parquet")))
        .schema(icebergSchema)
        .createWriterFunc(GenericParquetWriter::create)
        .setAll(table.properties())
        .withSpec(PartitionSpec.unpartitioned())
        .overwrite()
        .build();
    try (writer) {
      GenericRecord template = GenericRecord.create(icebergSchema);
      for (Row row : rows) {
        GenericRecord r = template.copy();
        for (int i = 0; i < names.length; i++) {
          Object v = row.get(i);
          r.set(i, v instanceof java.time.Instant at ? at.atOffset(ZoneOffset.UTC) : v);
        }
        writer.write(r);
      }
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).commit();
  }

  private void sdk(TableIdentifier id, Telemetry t) {
    DataContract contract = BenchData.contract();
    OutputPort port = IcebergOutputPort.builder("orders-table").catalog(catalog).table(id)
        .contract(contract).build();
    DataProduct product = DataProduct.builder("orders").version("1.0.0").domain("bench")
        .owner(Owner.business("bench@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.of("orders-in", BenchData.ORDERS, Arrays.asList(rows)))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(t)
        .build();
    product.run().orThrow();
  }
}
