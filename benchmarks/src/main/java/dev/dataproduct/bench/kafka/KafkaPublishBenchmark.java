package dev.dataproduct.bench.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.kafka.KafkaOutputPort;
import dev.dataproduct.kafka.RecordFormat;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishing the same 1,000,000 rows (the 8 columns of JdbcWriteBenchmark) to the same
 * broker, three ways, alternating in one JVM:
 *
 * <ol>
 *   <li>(a) hand-written: one transactional producer, one transaction, values written by Jackson
 *       ({@code ObjectMapper.writeValueAsBytes} of a map per row), key = the id;
 *   <li>(b) {@link KafkaOutputPort} in a product run with the 10 row rules and telemetry on;
 *   <li>(c) the same with telemetry noop;
 *   <li>(a2) as (a), each record with the four headers the port writes (product, port,
 *       publication id, contract version): the bytes of (b) on the wire, without the SDK, so
 *       that b/a2 is the SDK's own cost and a2/a the cost of the headers;
 *   <li>(a3) as (a2) with short header keys (34 bytes of keys instead of 89);
 *   <li>(a4) as (a) with one header holding as many bytes as (a2)'s four: a2/a4 is the cost of
 *       four headers rather than one;
 *   <li>(a5) as (a) with one header of two bytes: what having headers at all costs;
 *   <li>(a6) as (a) without headers, each value longer by (a2)'s header bytes: what the bytes
 *       alone cost.
 * </ol>
 *
 * <p>Each variant's line also gives the process's CPU time per row (the in-process broker's
 * included), less sensitive to other load on the machine than the rate.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.dataproduct.bench.kafka.KafkaPublishBenchmark 1 5
 * </pre>
 *
 * <p>Options: {@code -Dcompression=lz4} (every variant's producer), {@code -Dvariants=b,c}
 * (letters; {@code e1,e2} are encode-only: Jackson databind of a map as in (a), the port's JSON
 * encoder). Paired ratios are printed with their quartiles, of rates and of CPU per row.
 *
 * <p>Arguments: warm-up rounds, measured rounds, optionally the row count. The broker is
 * in-process (KRaft) unless {@code DATAPRODUCT_BENCH_KAFKA} gives bootstrap servers. Every
 * variant writes its own topic (4 partitions), linger 5 ms, batch 256 KB, acks all, and a
 * transaction timeout of 10 minutes (the default 60 s aborts a 1 M-row transaction on a busy
 * machine: the producer then fails with {@code InvalidProducerEpochException}).
 */
public final class KafkaPublishBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** One transaction of 1 M rows can outlast Kafka's default 60 s on a busy machine. */
  private static final int TXN_TIMEOUT_MS = 600_000;
  /** The producers' compression, the same for every variant ({@code -Dcompression=lz4}). */
  private static final String COMPRESSION = System.getProperty("compression", "none");

  /**
   * The bytes (a2)'s four headers add to a record: keys of 19 + 16 + 26 + 28 bytes, values of
   * 14 + 6 + 1 + 5 bytes (a publication id of one digit), a one-byte length before each.
   */
  private static final int HEADER_BYTES = 89 + 26 + 8;

  private final BenchBroker broker;
  private final Row[] rows;
  private final DataProduct sdkOn;
  private final DataProduct sdkNoop;
  private final String handTopic;
  private long handPublications;

  private KafkaPublishBenchmark(BenchBroker broker, int n) throws Exception {
    this.broker = broker;
    this.rows = KafkaBenchData.rows(n);
    this.handTopic = "bench-hand";
    broker.createTopic(handTopic, 4);
    broker.createTopic("bench-sdk-on", 4);
    broker.createTopic("bench-sdk-noop", 4);
    Telemetry on = Telemetry.of(OpenTelemetrySdk.builder().setTracerProvider(
        SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(
            new Discarding()).build()).build()).build(), new SimpleMeterRegistry());
    sdkOn = product("bench-kafka-on", "bench-sdk-on", on);
    sdkNoop = product("bench-kafka-noop", "bench-sdk-noop", Telemetry.noop());
  }

  private DataProduct product(String name, String topic, Telemetry telemetry) {
    Row[] r = rows;
    return DataProduct.builder(name).version("1.0.0").domain("bench")
        .owner(Owner.business("b@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.generated("in", KafkaBenchData.SCHEMA, r.length,
            i -> r[(int) i]))
        .output(KafkaOutputPort.builder("orders").properties(Map.of("bootstrap.servers",
            broker.bootstrap, "transaction.timeout.ms", TXN_TIMEOUT_MS,
            "compression.type", COMPRESSION)).topic(topic)
            .contract(KafkaBenchData.contract()).build())
        .telemetry(telemetry)
        .build();
  }

  /** (a) one transactional producer, Jackson values, one transaction. */
  void handWritten(KafkaProducer<byte[], byte[]> producer) throws Exception {
    handWritten(producer, null);
  }

  /**
   * (a2) as (a), each record carrying the four headers the port writes (product, port,
   * publication id, contract version), their values encoded once per publication and shared by
   * every record as the port does: the same bytes on the wire as (b), without the SDK.
   */
  void handWrittenWithHeaders(KafkaProducer<byte[], byte[]> producer) throws Exception {
    handWritten(producer, headers("dataproduct.product", "dataproduct.port",
        "dataproduct.publication.id", "dataproduct.contract.version"));
  }

  /** (a3) as (a2) with the short keys {@code dp.product, dp.port, dp.pub, dp.contract}. */
  void handWrittenWithShortKeys(KafkaProducer<byte[], byte[]> producer) throws Exception {
    handWritten(producer, headers("dp.product", "dp.port", "dp.pub", "dp.contract"));
  }

  /**
   * (a4) as (a), with one header whose key and value hold as many bytes as (a2)'s four: the
   * bytes of (a2) on the wire at a quarter of its per-header work, which separates the two.
   */
  void handWrittenWithOneHeader(KafkaProducer<byte[], byte[]> producer) throws Exception {
    String key = "dataproduct";
    // minus the key, its length and the value's length (2 bytes: a zig-zag varint of 64..8191)
    handWritten(producer, List.<Header>of(new RecordHeader(key,
        new byte[HEADER_BYTES - key.length() - 1 - 2])));
  }

  /** (a5) as (a), with one header of one byte of key and one of value: what any header costs. */
  void handWrittenWithTinyHeader(KafkaProducer<byte[], byte[]> producer) throws Exception {
    handWritten(producer, List.<Header>of(new RecordHeader("p", new byte[1])));
  }

  /**
   * (a6) as (a), without headers, the value longer by as many bytes as (a2)'s headers take
   * (a field {@code pad}): the cost of those bytes alone.
   */
  void handWrittenWithPaddedValue(KafkaProducer<byte[], byte[]> producer) throws Exception {
    // ,"pad":"..." adds 9 bytes around the text
    handWritten(producer, null, "x".repeat(HEADER_BYTES - 9));
  }

  private List<Header> headers(String product, String port, String publication,
      String contract) {
    return List.of(
        header(product, "bench-kafka-on"),
        header(port, "orders"),
        header(publication, Long.toString(++handPublications)),
        header(contract, "1.0.0"));
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private void handWritten(KafkaProducer<byte[], byte[]> producer, List<Header> headers)
      throws Exception {
    handWritten(producer, headers, null);
  }

  private void handWritten(KafkaProducer<byte[], byte[]> producer, List<Header> headers,
      String pad) throws Exception {
    producer.beginTransaction();
    for (Row r : rows) {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("id", r.get(0));
      value.put("uuid", r.get(1));
      value.put("country", r.get(2));
      value.put("currency", r.get(3));
      value.put("amount", r.get(4));
      value.put("customer", r.get(5));
      value.put("placed_at", r.get(6).toString());
      value.put("note", r.get(7));
      if (pad != null) {
        value.put("pad", pad);
      }
      producer.send(new ProducerRecord<>(handTopic, null, null,
          r.get(0).toString().getBytes(StandardCharsets.UTF_8), MAPPER.writeValueAsBytes(value),
          headers));
    }
    producer.commitTransaction();
  }

  /** Accumulates encoded lengths, so that the JIT keeps the encoding. */
  private long sink;

  /** (e1) only (a)'s key and value encoding, no producer: Jackson's CPU per row. */
  void encodeJackson() throws Exception {
    long total = 0;
    for (Row r : rows) {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("id", r.get(0));
      value.put("uuid", r.get(1));
      value.put("country", r.get(2));
      value.put("currency", r.get(3));
      value.put("amount", r.get(4));
      value.put("customer", r.get(5));
      value.put("placed_at", r.get(6).toString());
      value.put("note", r.get(7));
      total += r.get(0).toString().getBytes(StandardCharsets.UTF_8).length
          + MAPPER.writeValueAsBytes(value).length;
    }
    sink += total;
  }

  private final RecordFormat.Encoder sdkEncoder =
      RecordFormat.json().encoder(KafkaBenchData.SCHEMA);

  /**
   * (e2) only the port's value encoding ({@link RecordFormat#json()}) and a key as the port
   * makes it (the canonical text of the id): the SDK's CPU per row for what (e1) does.
   */
  void encodeSdk() {
    long total = 0;
    for (Row r : rows) {
      total += r.get(0).toString().getBytes(StandardCharsets.UTF_8).length
          + sdkEncoder.encode(r).length;
    }
    sink += total;
  }

  void sdk(DataProduct product) {
    RunResult r = product.run();
    if (!r.succeeded() || r.rowsWritten() != rows.length) {
      throw new IllegalStateException("SDK run did not publish every row: " + r
          + r.error().map(e -> " " + e).orElse(""));
    }
  }

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    try (BenchBroker broker = new BenchBroker()) {
      KafkaPublishBenchmark b = new KafkaPublishBenchmark(broker, n);
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("bootstrap.servers", broker.bootstrap);
      props.put("transactional.id", "bench-hand");
      props.put("enable.idempotence", true);
      props.put("acks", "all");
      props.put("linger.ms", 5);
      props.put("batch.size", 256 * 1024);
      props.put("transaction.timeout.ms", TXN_TIMEOUT_MS);
      props.put("compression.type", COMPRESSION);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
          new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.initTransactions();
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("a hand-written", () -> b.handWritten(producer));
        variants.put("b sdk telemetry on", () -> b.sdk(b.sdkOn));
        variants.put("c sdk telemetry noop", () -> b.sdk(b.sdkNoop));
        variants.put("a2 hand + 4 headers", () -> b.handWrittenWithHeaders(producer));
        variants.put("a3 hand + 4 short keys", () -> b.handWrittenWithShortKeys(producer));
        variants.put("a4 hand + 1 header", () -> b.handWrittenWithOneHeader(producer));
        variants.put("a5 hand + 1 tiny header", () -> b.handWrittenWithTinyHeader(producer));
        variants.put("a6 hand + padded value", () -> b.handWrittenWithPaddedValue(producer));
        variants.put("e1 encode: Jackson map", b::encodeJackson);
        variants.put("e2 encode: SDK encoder", b::encodeSdk);
        List<String> names = selected(variants.keySet());
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (String name : names) {
          rates.put(name, new ArrayList<>());
          cpu.put(name, new ArrayList<>());
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < warmup + measured; round++) {
          for (int k = 0; k < names.size(); k++) {
            String name = names.get((round + k) % names.size());
            System.gc();
            java.time.Instant from = java.time.Instant.now();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            variants.get(name).run();
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            double cpuPerRow = (os.getProcessCpuTime() - cpu0) / (double) n;
            // the interval (UTC) lets a profile of the run be split by variant
            System.out.printf(Locale.ROOT, "round %d%s %-24s %,12.0f rows/s %,8.0f ns CPU/row"
                + "   %s %s%n", round, round < warmup ? " (warm-up)" : "", name, rate, cpuPerRow,
                from, java.time.Instant.now());
            if (round >= warmup) {
              rates.get(name).add(rate);
              cpu.get(name).add(cpuPerRow);
            }
          }
        }
        System.out.println();
        for (String name : names) {
          List<Double> r = rates.get(name);
          System.out.printf(Locale.ROOT, "%-24s median %,12.0f  min %,12.0f  max %,12.0f rows/s"
              + "   median %,6.0f ns CPU/row (process, broker included)%n",
              name, median(r), Collections.min(r), Collections.max(r), median(cpu.get(name)));
        }
        System.out.printf(Locale.ROOT, "(load average %.1f)%n", os.getSystemLoadAverage());
        String[][] ratios = {{"b", "a"}, {"b", "c"}, {"b", "a2"}, {"a2", "a"}, {"a3", "a"},
            {"a3", "a2"}, {"a4", "a"}, {"a5", "a"}, {"a6", "a"}};
        for (String[] ratio : ratios) {
          String num = named(names, ratio[0]);
          String den = named(names, ratio[1]);
          if (num != null && den != null) {
            printRatio(ratio[0] + "/" + ratio[1], rates.get(num), rates.get(den));
          }
        }
        // CPU per row (process, broker included): lower is better, so the ratio is c/b
        for (String[] ratio : new String[][] {{"c", "b"}, {"a", "b"}, {"a2", "b"}}) {
          String num = named(names, ratio[0]);
          String den = named(names, ratio[1]);
          if (num != null && den != null) {
            printRatio("CPU/row " + ratio[0] + "/" + ratio[1], cpu.get(num), cpu.get(den));
          }
        }
        String e1 = named(names, "e1");
        String e2 = named(names, "e2");
        if (e1 != null && e2 != null) {
          printRatio("CPU/row e2/e1", cpu.get(e2), cpu.get(e1));
        }
      }
    }
    System.exit(0);
  }

  /** The variant name starting with {@code letter} and a space, or null. */
  private static String named(List<String> names, String letter) {
    return names.stream().filter(n -> n.startsWith(letter + " ")).findFirst().orElse(null);
  }

  /**
   * The variants {@code -Dvariants} names (letters, comma-separated: {@code b,c} or {@code
   * e1,e2}); by default the publishing ones (a, b, c, a2..a6), not the encode-only e1, e2.
   */
  private static List<String> selected(java.util.Set<String> all) {
    String spec = System.getProperty("variants", "a,b,c,a2,a3,a4,a5,a6");
    List<String> out = new ArrayList<>();
    for (String letter : spec.split(",")) {
      String name = named(new ArrayList<>(all), letter.trim());
      if (name == null) {
        throw new IllegalArgumentException("No variant " + letter + " in " + all);
      }
      out.add(name);
    }
    return out;
  }

  /** Median, quartiles and range of the rounds' paired ratios, and the ratio of the medians. */
  private static void printRatio(String label, List<Double> num, List<Double> den) {
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < num.size(); i++) {
      paired.add(num.get(i) / den.get(i));
    }
    Collections.sort(paired);
    System.out.printf(Locale.ROOT, "%s  paired: median %.3f  quartiles %.3f-%.3f  range %.3f-%.3f"
        + " (%d rounds); of the medians %.3f%n", label, median(paired), quantile(paired, 0.25),
        quantile(paired, 0.75), paired.get(0), paired.get(paired.size() - 1), paired.size(),
        median(num) / median(den));
  }

  /** The {@code q}-quantile of sorted {@code s}, linear between ranks. */
  static double quantile(List<Double> s, double q) {
    double pos = q * (s.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.size() - 1);
    return s.get(lo) + (pos - lo) * (s.get(hi) - s.get(lo));
  }

  /** One variant's publication of every row. */
  private interface Variant {
    void run() throws Exception;
  }

  /** Exports spans nowhere (the cost measured is producing them). */
  static final class Discarding implements SpanExporter {
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

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }
}
