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
import java.lang.management.GarbageCollectorMXBean;
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
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
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
 * (b) and (c), which runs the checks; the only thread of (a)) and of the whole process, the GC
 * time and the bytes the calling thread allocated per row.
 *
 * <p>Rounds are paired: each runs every variant back to back, in an order that balances which
 * variant runs just before which ({@link Schedule}); the summary gives the median and quartiles
 * of the per-round ratios (b/a, b/c, c/a) and CPU differences, over all rounds and over the rounds
 * no slow phase of the machine hit (a round is marked disturbed when a variant's process CPU per
 * row in it exceeds that variant's median by half; every round is printed, none dropped), and
 * each variant's median by the variant that ran just before it. {@code -Dvariants=a,b,c,c2} runs
 * those; {@code c2}, a second copy of (c), is a control: how far c2/c strays from 1 is what the
 * machine alone does to a ratio. {@code -Dwarmup=n} sets the warm-up rounds (3). Each run is a
 * JFR event {@code dataproduct.bench.IcebergRound} (a recording's samples and GC events split by
 * variant by its time window), and the port of (b) and (c), hence its writer thread, is named
 * {@code orders-table-<variant>}.
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

  /** One variant's run in one round: wall time, CPU per row of the caller and of the process. */
  private record Sample(double seconds, double callerNs, double processNs, double gcMs,
      double callerAllocBytes) {}

  private void compare(int rounds, int warmup) throws Exception {
    Map<String, Variant> all = new LinkedHashMap<>();
    all.put("a", this::handWritten);
    all.put("b", t -> sdk(t, telemetry, "b"));
    all.put("c", t -> sdk(t, Telemetry.noop(), "c"));
    all.put("c2", t -> sdk(t, Telemetry.noop(), "c2"));
    Map<String, String> titles = Map.of(
        "a", "a. hand-written generic Parquet append",
        "b", "b. IcebergOutputPort, 10 rules, telemetry",
        "c", "c. IcebergOutputPort, 10 rules, telemetry noop",
        "c2", "c2. the same as c (a control: c2/c shows the noise)");
    List<String> names = new ArrayList<>();
    for (String v : System.getProperty("variants", "a,b,c").split(",")) {
      if (!all.containsKey(v.trim())) {
        throw new IllegalArgumentException("Unknown variant " + v
            + ", expected a subset of a,b,c,c2");
      }
      names.add(v.trim());
    }
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    names.forEach(n -> samples.put(n, new ArrayList<>()));
    Schedule schedule = new Schedule(names);
    Map<String, List<String>> predecessors = new LinkedHashMap<>();
    names.forEach(n -> predecessors.put(n, new ArrayList<>()));
    String previous = null;
    for (int round = 0; round < warmup + rounds; round++) {
      // paired rounds: every variant back to back, in an order that balances which variant ran
      // just before which (see Schedule)
      for (String name : schedule.next()) {
        if (round >= warmup) {
          predecessors.get(name).add(previous);
        }
        previous = name;
        TableIdentifier table = TableIdentifier.of("bench", "t" + (++tables));
        System.gc();
        RoundEvent event = new RoundEvent();
        event.variant = name;
        event.round = round;
        event.begin();
        long gc = gcMillis();
        long alloc = allocated();
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        all.get(name).run(table);
        double seconds = (System.nanoTime() - start) / 1e9;
        Sample s = new Sample(seconds,
            (double) (THREADS.getCurrentThreadCpuTime() - threadCpu) / rows.length,
            (double) (PROCESS.getProcessCpuTime() - processCpu) / rows.length,
            gcMillis() - gc, (double) (allocated() - alloc) / rows.length);
        event.commit();
        catalog.dropTable(table, true);
        if (round >= warmup) {
          samples.get(name).add(s);
        }
        System.out.printf(Locale.ROOT, "%s round %2d %-48s %,10.0f rows/s  CPU/row: caller %,5.0f"
            + " ns, process %,5.0f ns; GC %,4.0f ms; caller alloc %,4.0f B/row%n",
            round < warmup ? "warmup" : "      ", round - warmup, titles.get(name),
            rows.length / s.seconds, s.callerNs, s.processNs, s.gcMs, s.callerAllocBytes);
      }
    }
    report(names, titles, samples, rounds);
    printByPredecessor(names, samples, predecessors);
  }

  /**
   * The order of the variants in each round. A variant runs measurably slower right after some
   * other variants than after others (in a run where the order only rotated, so that each variant
   * always followed the same one, two identical variants differed by 12 % at the median; likely
   * the JIT: the hand-written variant drives shared Parquet code with other types, and the next
   * run recompiles). Each round is the permutation that keeps the counts of "x ran just before y"
   * (across rounds too) and of "x ran at position p" the most even, so that such carry-over
   * reaches every variant alike instead of biasing a ratio.
   */
  static final class Schedule {
    private final List<String> names;
    private final List<List<String>> permutations = new ArrayList<>();
    private final Map<String, Integer> pairs = new java.util.HashMap<>();
    private final Map<String, Integer> positions = new java.util.HashMap<>();
    private String last;

    Schedule(List<String> names) {
      this.names = names;
      permute(new ArrayList<>(), new ArrayList<>(names));
    }

    private void permute(List<String> prefix, List<String> rest) {
      if (rest.isEmpty()) {
        permutations.add(List.copyOf(prefix));
        return;
      }
      for (int i = 0; i < rest.size(); i++) {
        List<String> r = new ArrayList<>(rest);
        prefix.add(r.remove(i));
        permute(prefix, r);
        prefix.remove(prefix.size() - 1);
      }
    }

    List<String> next() {
      List<String> best = null;
      long bestCost = Long.MAX_VALUE;
      for (List<String> p : permutations) {
        Map<String, Integer> pc = new java.util.HashMap<>(pairs);
        Map<String, Integer> qc = new java.util.HashMap<>(positions);
        add(p, pc, qc);
        long cost = 0;
        for (String x : names) {
          for (String y : names) {
            int c = pc.getOrDefault(x + ">" + y, 0);
            cost += x.equals(y) ? 0 : (long) c * c;
          }
          for (int i = 0; i < names.size(); i++) {
            int c = qc.getOrDefault(x + "@" + i, 0);
            cost += (long) c * c;
          }
        }
        if (cost < bestCost) {
          bestCost = cost;
          best = p;
        }
      }
      add(best, pairs, positions);
      last = best.get(best.size() - 1);
      return best;
    }

    private void add(List<String> p, Map<String, Integer> pc, Map<String, Integer> qc) {
      String before = last;
      for (int i = 0; i < p.size(); i++) {
        if (before != null) {
          pc.merge(before + ">" + p.get(i), 1, Integer::sum);
        }
        qc.merge(p.get(i) + "@" + i, 1, Integer::sum);
        before = p.get(i);
      }
    }
  }

  /** Each variant's median rate by the variant that ran just before it (carry-over). */
  private void printByPredecessor(List<String> names, Map<String, List<Sample>> samples,
      Map<String, List<String>> predecessors) {
    System.out.println("  median rows/s by the variant run just before (rounds):");
    for (String n : names) {
      StringBuilder line = new StringBuilder();
      for (String before : names) {
        List<Double> rate = new ArrayList<>();
        for (int r = 0; r < samples.get(n).size(); r++) {
          if (before.equals(predecessors.get(n).get(r))) {
            rate.add(rows.length / samples.get(n).get(r).seconds);
          }
        }
        if (!rate.isEmpty()) {
          line.append(String.format(Locale.ROOT, "  after %s: %,.0f (%d)", before,
              quantile(rate, 0.5), rate.size()));
        }
      }
      System.out.printf(Locale.ROOT, "    %-3s%s%n", n, line);
    }
  }

  /**
   * The medians and quartiles of each variant, then of the paired ratios (b/a and b/c of the
   * same round). A round is marked disturbed when some variant's process CPU per row in it
   * exceeds that variant's median by more than half: the same work taking 1.5x the CPU time
   * (the machine's slow phases run 2-3x); nothing is dropped, ratios are shown over all rounds
   * and over the undisturbed ones.
   */
  private void report(List<String> names, Map<String, String> titles,
      Map<String, List<Sample>> samples, int rounds) {
    System.out.printf(Locale.ROOT, "%n%d rounds, %,d rows, %s, %d cores; median [quartiles]:%n",
        rounds, rows.length, Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.println("  (process CPU/row: the JVM's CPU time, GC and every thread, per row)");
    Map<String, Double> medianCpu = new LinkedHashMap<>();
    for (String n : names) {
      List<Sample> s = samples.get(n);
      List<Double> rate = s.stream().map(x -> rows.length / x.seconds).toList();
      List<Double> process = s.stream().map(Sample::processNs).toList();
      medianCpu.put(n, quantile(process, 0.5));
      System.out.printf(Locale.ROOT, "  %-48s %s rows/s  CPU/row: caller %,5.0f ns, process %s"
          + " ns; GC %,4.0f ms%n", titles.get(n), q3(rate, "%,.0f"),
          quantile(s.stream().map(Sample::callerNs).toList(), 0.5), q3(process, "%,.0f"),
          quantile(s.stream().map(Sample::gcMs).toList(), 0.5));
    }
    boolean[] disturbed = new boolean[rounds];
    StringBuilder which = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      for (String n : names) {
        disturbed[r] |= samples.get(n).get(r).processNs > 1.5 * medianCpu.get(n);
      }
      if (disturbed[r]) {
        which.append(which.length() == 0 ? "#" : ", #").append(r);
      }
    }
    System.out.printf(Locale.ROOT, "  disturbed rounds (a variant's process CPU/row > 1.5x its"
        + " median): %s%n", which.length() == 0 ? "none" : which);
    for (String[] pair : List.of(new String[] {"b", "a"}, new String[] {"b", "c"},
        new String[] {"c", "a"}, new String[] {"c2", "c"})) {
      if (!samples.containsKey(pair[0]) || !samples.containsKey(pair[1])) {
        continue;
      }
      List<Double> allRounds = new ArrayList<>();
      List<Double> quietRounds = new ArrayList<>();
      List<Double> cpuDifference = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        cpuDifference.add(samples.get(pair[0]).get(r).processNs
            - samples.get(pair[1]).get(r).processNs);
        // a rate ratio: the time of the denominator's variant over the numerator's
        double ratio = samples.get(pair[1]).get(r).seconds / samples.get(pair[0]).get(r).seconds;
        allRounds.add(ratio);
        if (!disturbed[r]) {
          quietRounds.add(ratio);
        }
      }
      System.out.printf(Locale.ROOT, "  %s/%s paired: all %d rounds %s; undisturbed %d rounds %s%n",
          pair[0], pair[1], allRounds.size(), q3(allRounds, "%.3f"), quietRounds.size(),
          quietRounds.isEmpty() ? "-" : q3(quietRounds, "%.3f"));
      System.out.printf(Locale.ROOT, "      process CPU/row %s - %s paired: %s ns%n", pair[0],
          pair[1], q3(cpuDifference, "%+,.0f"));
    }
  }

  private static String q3(List<Double> xs, String format) {
    return String.format(Locale.ROOT, format + " [" + format + " - " + format + "]",
        quantile(xs, 0.5), quantile(xs, 0.25), quantile(xs, 0.75));
  }

  /** The q-quantile, interpolated between order statistics. */
  private static double quantile(List<Double> xs, double q) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double at = q * (v.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (at - lo) * (v[hi] - v[lo]);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
  }

  /** One variant's run in a round, in a flight recording (to attribute GC and samples). */
  @Name("dataproduct.bench.IcebergRound")
  @Label("Iceberg benchmark round")
  static final class RoundEvent extends Event {
    @Label("variant")
    String variant;
    @Label("round")
    int round;
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

  private void sdk(TableIdentifier id, Telemetry t, String variant) {
    DataContract contract = BenchData.contract();
    OutputPort port = IcebergOutputPort.builder("orders-table-" + variant).catalog(catalog)
        .table(id)
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
