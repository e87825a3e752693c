package dev.dataproduct.bench.jdbc;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Writing the same 1,000,000 rows (8 columns) into the same table of the same database, four ways,
 * alternating in one JVM:
 *
 * <ol>
 *   <li>(a) hand-written JDBC: {@code addBatch}/{@code executeBatch} of 1,000 in one transaction,
 *       default driver settings (what a team writes without the SDK);
 *   <li>(b) {@link JdbcOutputPort} in a product run with 10 row rules and telemetry on (the
 *       OpenTelemetry SDK with a batch span processor, a Micrometer registry);
 *   <li>(c) the same with telemetry noop;
 *   <li>(d) PostgreSQL: hand-written binary {@code COPY} (the database's own limit); H2: a
 *       hand-written multi-row {@code INSERT ... VALUES} of 100 rows.
 * </ol>
 *
 * <p>Each round runs every variant once, starting with a different one each round; before each
 * run the table is truncated, the server checkpoints (PostgreSQL) and the JVM collects garbage,
 * none of it timed. Reported: rows per second per variant (median, min, max of the measured
 * rounds) and the ratios of the medians.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.dataproduct.bench.jdbc.JdbcWriteBenchmark postgresql 2 7
 * java -Xms8g -Xmx8g -XX:+UseParallelGC -Xmn5g -cp benchmarks/target/benchmarks.jar \
 *     dev.dataproduct.bench.jdbc.JdbcWriteBenchmark h2 3 7
 * </pre>
 *
 * <p>Arguments: database ({@code postgresql} or {@code h2}), warm-up rounds, measured rounds.
 * PostgreSQL is an embedded server (zonky, default configuration) unless {@code
 * DATAPRODUCT_BENCH_POSTGRES_URL} names another ({@code _USER}, {@code _PASSWORD}). Besides
 * rows/s, CPU time per row is reported for the JVM and (when it runs on this host) the server.
 * {@code -DnoUnique=true} replaces the {@code unique(id)} rule by a not-null rule, to measure its
 * cost; {@code -Dvariants=b,c} runs only some variants (for profiling; no report table then).
 * Results: {@code benchmarks/results/jdbc.md}.
 */
public final class JdbcWriteBenchmark {
  static final int ROWS = 1_000_000;
  static final String TABLE = "bench_orders";
  static final String COLUMNS = "id, uuid, country, currency, amount, customer, placed_at, note";

  static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.required("uuid", FieldType.STRING).withMaxLength(36),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("currency", FieldType.STRING).withMaxLength(3),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("customer", FieldType.STRING).withMaxLength(100),
      Field.required("placed_at", FieldType.TIMESTAMP),
      Field.optional("note", FieldType.STRING).withMaxLength(200));

  static final String[] COUNTRIES = {"DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL"};
  static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "PLN"};

  private final String db;
  private final DataSource ds;
  /** The embedded server's root process (CPU accounting), or null. */
  private final ProcessHandle server;
  private final java.util.Map<String, List<double[]>> cpu = new LinkedHashMap<>();
  private final Row[] rows;
  private final SdkTracerProvider tracerProvider;
  private final DataProduct sdkTelemetryOn;
  private final DataProduct sdkTelemetryNoop;

  private JdbcWriteBenchmark(String db, DataSource ds, ProcessHandle server)
      throws SQLException {
    this.db = db;
    this.ds = ds;
    this.server = server;
    this.rows = rows(ROWS);
    execute("DROP TABLE IF EXISTS " + TABLE);
    execute(db.equals("h2")
        ? "CREATE TABLE " + TABLE + " (id BIGINT NOT NULL, uuid VARCHAR(36) NOT NULL,"
            + " country CHAR(2) NOT NULL, currency CHAR(3) NOT NULL, amount NUMERIC(12,2) NOT"
            + " NULL, customer VARCHAR(100) NOT NULL, placed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " note VARCHAR(200))"
        : "CREATE TABLE " + TABLE + " (id bigint NOT NULL, uuid varchar(36) NOT NULL,"
            + " country char(2) NOT NULL, currency char(3) NOT NULL,"
            + " amount numeric(12,2) NOT NULL, customer varchar(100) NOT NULL,"
            + " placed_at timestamptz NOT NULL, note varchar(200))");
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build()).build();
    Telemetry on = Telemetry.of(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
        .build(), new SimpleMeterRegistry());
    sdkTelemetryOn = product(on);
    sdkTelemetryNoop = product(Telemetry.noop());
  }

  /** 1,000,000 valid rows, deterministic; 10% without a note. */
  static Row[] rows(int n) {
    SplittableRandom rnd = new SplittableRandom(42);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    Row[] out = new Row[n];
    for (int i = 0; i < n; i++) {
      out[i] = Row.of(SCHEMA, (long) i, new UUID(rnd.nextLong(), rnd.nextLong()).toString(),
          COUNTRIES[rnd.nextInt(COUNTRIES.length)], CURRENCIES[rnd.nextInt(CURRENCIES.length)],
          BigDecimal.valueOf(rnd.nextInt(1, 10_000_000), 2), "customer-" + (i % 5_000),
          base.plusSeconds(rnd.nextInt(10_000_000)).plusNanos(rnd.nextInt(1_000_000) * 1_000L),
          i % 10 == 0 ? null : "note " + (i % 100));
    }
    return out;
  }

  /** not-null x2, range, max length, pattern x2, allowed values x2, unique, not in future. */
  static DataContract contract() {
    return DataContract.builder("bench-orders").version("1.0.0").schema(SCHEMA)
        .rule(Rules.notNull("customer"))
        .rule(Rules.notNull("uuid"))
        .rule(Rules.range("amount", BigDecimal.ZERO, new BigDecimal("1000000")))
        .rule(Rules.maxLength("note", 200))
        .rule(Rules.pattern("currency", "[A-Z]{3}"))
        .rule(Rules.pattern("uuid", "[0-9a-f-]{36}"))
        .rule(Rules.allowedValues("country", (Object[]) COUNTRIES))
        .rule(Rules.allowedValues("currency", (Object[]) CURRENCIES))
        .rule(Boolean.getBoolean("noUnique") ? Rules.notNull("country") : Rules.unique("id"))
        .rule(Rules.notInFuture("placed_at"))
        .build();
  }

  private DataProduct product(Telemetry telemetry) {
    Row[] r = rows;
    OutputPort out = JdbcOutputPort.builder("orders").dataSource(ds).table(TABLE)
        .contract(contract()).build();
    return DataProduct.builder("bench-jdbc").version("1.0.0").domain("bench")
        .owner(Owner.business("b@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.generated("in", SCHEMA, r.length, i -> r[(int) i]))
        .output(out)
        .telemetry(telemetry)
        .build();
  }

  // ------------------------------------------------------------------------------------------
  // the variants

  /** (a) hand-written addBatch/executeBatch of 1,000, one transaction, default settings. */
  void handWrittenBatch() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        int n = 0;
        for (Row r : rows) {
          ps.setLong(1, (Long) r.get(0));
          ps.setString(2, (String) r.get(1));
          ps.setString(3, (String) r.get(2));
          ps.setString(4, (String) r.get(3));
          ps.setBigDecimal(5, (BigDecimal) r.get(4));
          ps.setString(6, (String) r.get(5));
          ps.setObject(7, ((Instant) r.get(6)).atOffset(ZoneOffset.UTC));
          String note = (String) r.get(7);
          if (note == null) {
            ps.setNull(8, Types.VARCHAR);
          } else {
            ps.setString(8, note);
          }
          ps.addBatch();
          if (++n % 1_000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  /** (b) and (c): the SDK. */
  void sdk(DataProduct product) {
    RunResult r = product.run();
    if (!r.succeeded() || r.rowsWritten() != ROWS) {
      throw new IllegalStateException("SDK run did not publish every row: " + r
          + r.error().map(e -> " " + e).orElse(""));
    }
  }

  /** (d) PostgreSQL: hand-written binary COPY, encoded on the calling thread. */
  void handWrittenCopy() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + TABLE + " ("
          + COLUMNS + ") FROM STDIN (FORMAT binary)");
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      b.put(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0});
      b.putInt(0).putInt(0);
      for (Row r : rows) {
        if (b.remaining() < 1_024) {
          in.writeToCopy(b.array(), 0, b.position());
          b.clear();
        }
        b.putShort((short) 8);
        b.putInt(8).putLong((Long) r.get(0));
        text(b, (String) r.get(1));
        text(b, (String) r.get(2));
        text(b, (String) r.get(3));
        numeric(b, (BigDecimal) r.get(4));
        text(b, (String) r.get(5));
        Instant t = (Instant) r.get(6);
        b.putInt(8).putLong((t.getEpochSecond() - 946_684_800L) * 1_000_000L
            + t.getNano() / 1_000);
        String note = (String) r.get(7);
        if (note == null) {
          b.putInt(-1);
        } else {
          text(b, note);
        }
      }
      b.putShort((short) -1);
      in.writeToCopy(b.array(), 0, b.position());
      in.endCopy();
      c.commit();
    }
  }

  private static void text(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  /** numeric(12,2) from its unscaled long: base-10000 digits, weight, sign, scale 2. */
  private static void numeric(ByteBuffer b, BigDecimal d) {
    long u = d.unscaledValue().longValue();
    short sign = (short) (u < 0 ? 0x4000 : 0);
    u = Math.abs(u);
    long intPart = u / 100;
    int frac = (int) (u % 100) * 100;
    short[] groups = new short[6];
    int n = 0;
    for (long x = intPart; x > 0; x /= 10_000) {
      n++;
    }
    int weight = n - 1;
    for (int k = n - 1, i = 0; k >= 0; k--, i++) {
      groups[i] = (short) (intPart / (long) Math.pow(10_000, k) % 10_000);
    }
    if (frac != 0) {
      groups[n++] = (short) frac;
    }
    int start = 0;
    while (start < n && groups[start] == 0) {
      start++;
      weight--;
    }
    int count = n - start;
    b.putInt(8 + 2 * count).putShort((short) count).putShort((short) (count == 0 ? 0 : weight))
        .putShort(sign).putShort((short) 2);
    for (int i = start; i < n; i++) {
      b.putShort(groups[i]);
    }
  }

  /** (d) H2: hand-written multi-row INSERT of 100 rows per statement. */
  void handWrittenMultiRow() throws SQLException {
    int per = 100;
    StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES ");
    for (int i = 0; i < per; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
    }
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int p = 1;
        for (Row r : rows) {
          ps.setLong(p++, (Long) r.get(0));
          ps.setString(p++, (String) r.get(1));
          ps.setString(p++, (String) r.get(2));
          ps.setString(p++, (String) r.get(3));
          ps.setBigDecimal(p++, (BigDecimal) r.get(4));
          ps.setString(p++, (String) r.get(5));
          ps.setObject(p++, ((Instant) r.get(6)).atOffset(ZoneOffset.UTC));
          String note = (String) r.get(7);
          if (note == null) {
            ps.setNull(p++, Types.VARCHAR);
          } else {
            ps.setString(p++, note);
          }
          if (p > per * 8) {
            ps.executeUpdate();
            p = 1;
          }
        }
      }
      c.commit();
    }
  }

  // ------------------------------------------------------------------------------------------
  // the harness

  @FunctionalInterface
  interface Variant {
    void run() throws Exception;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private void reset() throws SQLException {
    execute(db.equals("h2") ? "TRUNCATE TABLE " + TABLE : "TRUNCATE " + TABLE);
    if (!db.equals("h2")) {
      execute("CHECKPOINT");
    }
    System.gc();
  }

  private long count() throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private double time(String name, Variant v, boolean record) throws Exception {
    reset();
    long jvm0 = jvmCpuNanos();
    long server0 = serverCpuNanos();
    long t0 = System.nanoTime();
    v.run();
    long ns = System.nanoTime() - t0;
    long jvm = jvmCpuNanos() - jvm0;
    Thread.sleep(200); // let the postmaster reap the backend, so its time is counted
    long srv = serverCpuNanos() - server0;
    long n = count();
    if (n != ROWS) {
      throw new IllegalStateException("Variant wrote " + n + " rows, expected " + ROWS);
    }
    if (record) {
      cpu.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {
          jvm / 1e3 / ROWS, server == null ? Double.NaN : srv / 1e3 / ROWS});
    }
    return ROWS / (ns / 1e9);
  }

  /**
   * The server's postmaster: the parent of a backend, when the server runs on this host and
   * {@code /proc} shows it; otherwise null (server CPU is then not reported).
   */
  private static ProcessHandle postmaster(DataSource ds) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long backend = rs.getLong(1);
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/"
          + backend + "/status"))) {
        if (line.startsWith("PPid:")) {
          return ProcessHandle.of(Long.parseLong(line.substring(5).trim())).orElse(null);
        }
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      System.out.println("server CPU not measured: " + e);
    }
    return null;
  }

  /** CPU time of this JVM (every thread: run, writer, GC, JIT). */
  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * CPU time of the embedded server: every live process of its tree (utime + stime) plus what
   * they reaped (cutime + cstime), i.e. backends that already exited. Linux only; 0 otherwise.
   */
  private long serverCpuNanos() {
    if (server == null) {
      return 0;
    }
    long ticks = 0;
    List<ProcessHandle> all = new ArrayList<>();
    all.add(server);
    server.descendants().forEach(all::add);
    for (ProcessHandle p : all) {
      try {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid()
            + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14-17 of stat: utime stime cutime cstime; f[0] is field 3
        for (int i = 11; i <= 14; i++) {
          ticks += Long.parseLong(f[i]);
        }
      } catch (java.io.IOException | RuntimeException e) {
        // the process exited meanwhile: its time is in its parent's cutime
      }
    }
    return ticks * 10_000_000L; // USER_HZ = 100
  }

  private Map<String, List<Double>> measure(int warmups, int rounds) throws Exception {
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("a", this::handWrittenBatch);
    variants.put("b", () -> sdk(sdkTelemetryOn));
    variants.put("c", () -> sdk(sdkTelemetryNoop));
    variants.put("d", db.equals("h2") ? this::handWrittenMultiRow : this::handWrittenCopy);
    // -Dvariants=b,c runs only those (profiling); the report then needs all four
    String only = System.getProperty("variants");
    if (only != null) {
      variants.keySet().retainAll(List.of(only.split(",")));
    }
    List<String> names = new ArrayList<>(variants.keySet());
    Map<String, List<Double>> results = new LinkedHashMap<>();
    names.forEach(n -> results.put(n, new ArrayList<>()));
    for (int round = 0; round < warmups + rounds; round++) {
      StringBuilder line = new StringBuilder(round < warmups ? "warm-up " : "round   ")
          .append(round < warmups ? round + 1 : round - warmups + 1).append(':');
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((round + k) % names.size());
        double rps = time(name, variants.get(name), round >= warmups);
        line.append(String.format(Locale.ROOT, "  %s %,.0f", name, rps));
        if (round >= warmups) {
          results.get(name).add(rps);
        }
      }
      System.out.println(line);
    }
    return results;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private void report(Map<String, List<Double>> r) {
    String d = db.equals("h2") ? "hand-written multi-row INSERT (100 rows)"
        : "hand-written binary COPY";
    Map<String, String> labels = Map.of("a", "hand-written addBatch 1,000 (default driver)",
        "b", "JdbcOutputPort, 10 rules, telemetry on", "c",
        "JdbcOutputPort, 10 rules, telemetry noop", "d", d);
    System.out.println();
    System.out.printf(Locale.ROOT, "%s, %,d rows, %d measured rounds, %s, %d cores, Java %s%n",
        db, ROWS, r.get("a").size(), System.getProperty("os.name"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.println();
    System.out.println("| variant | rows/s (median) | min | max | JVM CPU µs/row |"
        + " server CPU µs/row |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (String k : List.of("a", "b", "c", "d")) {
      List<Double> xs = r.get(k);
      List<Double> jvm = new ArrayList<>();
      List<Double> srv = new ArrayList<>();
      cpu.get(k).forEach(x -> {
        jvm.add(x[0]);
        srv.add(x[1]);
      });
      System.out.printf(Locale.ROOT, "| (%s) %s | %,.0f | %,.0f | %,.0f | %.2f | %s |%n", k,
          labels.get(k), median(xs), xs.stream().mapToDouble(x -> x).min().orElse(0),
          xs.stream().mapToDouble(x -> x).max().orElse(0), median(jvm),
          server == null ? "in JVM" : String.format(Locale.ROOT, "%.2f", median(srv)));
    }
    double a = median(r.get("a"));
    double b = median(r.get("b"));
    double c = median(r.get("c"));
    double dd = median(r.get("d"));
    System.out.println();
    System.out.printf(Locale.ROOT, "b/a = %.2f, b/c = %.3f, b/d = %.2f%n", b / a, b / c, b / dd);
    System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage());
  }

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0].toLowerCase(Locale.ROOT) : "postgresql";
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    EmbeddedPostgres server = null;
    DataSource ds;
    if (db.equals("h2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
      ds = h2;
    } else if (db.equals("postgresql")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      String url = System.getenv("DATAPRODUCT_BENCH_POSTGRES_URL");
      if (url != null && !url.isBlank()) {
        pg.setURL(url);
        pg.setUser(System.getenv().getOrDefault("DATAPRODUCT_BENCH_POSTGRES_USER", "postgres"));
        pg.setPassword(System.getenv().getOrDefault("DATAPRODUCT_BENCH_POSTGRES_PASSWORD", ""));
      } else {
        server = EmbeddedPostgres.builder().start();
        pg.setURL(server.getJdbcUrl("postgres", "postgres"));
      }
      ds = pg;
    } else {
      throw new IllegalArgumentException("Unknown database '" + db + "'; use postgresql or h2");
    }
    try {
      JdbcWriteBenchmark bench = new JdbcWriteBenchmark(db, ds,
          db.equals("h2") ? null : postmaster(ds));
      try {
        Map<String, List<Double>> results = bench.measure(warmups, rounds);
        if (results.size() == 4) {
          bench.report(results);
        } else {
          bench.cpu.forEach((k, v) -> System.out.printf(Locale.ROOT,
              "%s: JVM CPU µs/row %s, server %s%n", k,
              v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x[0])).toList(),
              v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x[1])).toList()));
        }
      } finally {
        bench.tracerProvider.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** Spans go nowhere, after the SDK did all its work on them. */
  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
