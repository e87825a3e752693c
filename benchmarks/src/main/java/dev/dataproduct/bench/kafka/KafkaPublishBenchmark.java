package dev.dataproduct.bench.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.kafka.KafkaOutputPort;
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
 *       that b/a2 is the SDK's own cost and a2/a the cost of the headers.
 * </ol>
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.dataproduct.bench.kafka.KafkaPublishBenchmark 1 5
 * </pre>
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
   * publication id, contract version): the same bytes on the wire as (b), without the SDK.
   */
  void handWrittenWithHeaders(KafkaProducer<byte[], byte[]> producer) throws Exception {
    List<Header> headers = List.of(
        header("dataproduct.product", "bench-kafka-on"),
        header("dataproduct.port", "orders"),
        header("dataproduct.publication.id", Long.toString(++handPublications)),
        header("dataproduct.contract.version", "1.0.0"));
    handWritten(producer, headers);
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private void handWritten(KafkaProducer<byte[], byte[]> producer, List<Header> headers)
      throws Exception {
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
      producer.send(new ProducerRecord<>(handTopic, null, null,
          r.get(0).toString().getBytes(StandardCharsets.UTF_8), MAPPER.writeValueAsBytes(value),
          headers));
    }
    producer.commitTransaction();
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
        Map<String, List<Double>> results = new LinkedHashMap<>();
        String[] names = {"a hand-written", "b sdk telemetry on", "c sdk telemetry noop",
            "a2 hand + headers"};
        for (String name : names) {
          results.put(name, new ArrayList<>());
        }
        for (int round = 0; round < warmup + measured; round++) {
          for (int k = 0; k < names.length; k++) {
            int v = (round + k) % names.length;
            System.gc();
            long t0 = System.nanoTime();
            switch (v) {
              case 0 -> b.handWritten(producer);
              case 1 -> b.sdk(b.sdkOn);
              case 3 -> b.handWrittenWithHeaders(producer);
              default -> b.sdk(b.sdkNoop);
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "round %d%s %-22s %,12.0f rows/s%n", round,
                round < warmup ? " (warm-up)" : "", names[v], rate);
            if (round >= warmup) {
              results.get(names[v]).add(rate);
            }
          }
        }
        double a = median(results.get(names[0]));
        double bb = median(results.get(names[1]));
        double c = median(results.get(names[2]));
        double a2 = median(results.get(names[3]));
        System.out.println();
        for (String name : names) {
          List<Double> r = results.get(name);
          System.out.printf(Locale.ROOT, "%-22s median %,12.0f  min %,12.0f  max %,12.0f rows/s%n",
              name, median(r), Collections.min(r), Collections.max(r));
        }
        System.out.printf(Locale.ROOT, "b/a %.2f   b/c %.2f   b/a2 %.2f   a2/a %.2f"
            + "   (load average %.1f)%n", bb / a, bb / c, bb / a2, a2 / a, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
      }
    }
    System.exit(0);
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
