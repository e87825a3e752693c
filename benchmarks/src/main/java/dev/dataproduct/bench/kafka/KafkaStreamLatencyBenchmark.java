package dev.dataproduct.bench.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.ContinuousRun;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.kafka.KafkaInputPort;
import dev.dataproduct.kafka.KafkaOutputPort;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A continuous Kafka-to-Kafka product at a steady input rate against a hand-written
 * consume-transform-produce loop with transactions (poll, produce, {@code
 * sendOffsetsToTransaction}, commit), same broker, same rate, same JVM, alternating. Reports the
 * throughput and the end-to-end latency (the event's send time, carried in the record, to the
 * moment a {@code read_committed} consumer of the output sees it): p50 and p99.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar \
 *     dev.dataproduct.bench.kafka.KafkaStreamLatencyBenchmark 2000 15 2
 * </pre>
 *
 * <p>Arguments: events per second, seconds per measurement, rounds. The first 3 s of each
 * measurement are warm-up and not counted.
 */
public final class KafkaStreamLatencyBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Schema EVENT = Schema.of(
      Field.required("event_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("sent_at", FieldType.TIMESTAMP),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  private final BenchBroker broker;
  private int topics;

  private KafkaStreamLatencyBenchmark(BenchBroker broker) {
    this.broker = broker;
  }

  private Map<String, Object> props() {
    Map<String, Object> m = new HashMap<>();
    m.put("bootstrap.servers", broker.bootstrap);
    return m;
  }

  /** Produces {@code rate} events per second for {@code seconds} seconds. */
  private Thread source(String topic, int rate, int seconds, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      Map<String, Object> p = props();
      p.put("linger.ms", 1);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p,
          new ByteArraySerializer(), new ByteArraySerializer())) {
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total && !stop.get(); i++) {
          long due = start + i * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 200_000) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          String v = "{\"event_id\":" + i + ",\"sent_at\":\"" + Instant.now()
              + "\",\"country\":\"PT\",\"amount\":" + (i % 1000) + ".50}";
          producer.send(new ProducerRecord<>(topic, v.getBytes(StandardCharsets.UTF_8)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "source");
    t.start();
    return t;
  }

  /** Reads the output and returns the latencies (ms) of events sent after the warm-up. */
  private long[] sink(String topic, long expected, Instant warmEnd, Duration timeout) {
    Map<String, Object> p = props();
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", false);
    long[] lat = new long[(int) expected];
    int n = 0;
    long seen = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen < expected && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(20));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          seen++;
          try {
            Instant sent = Instant.parse(MAPPER.readTree(r.value()).get("sent_at").asText());
            if (sent.isAfter(warmEnd) && n < lat.length) {
              lat[n++] = now - sent.toEpochMilli();
            }
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    if (seen < expected) {
      System.out.println("  only " + seen + " of " + expected + " events arrived");
    }
    return Arrays.copyOf(lat, n);
  }

  private DataProduct product(String in, String out) {
    DataContract contract = DataContract.builder("events").version("1.0.0").schema(EVENT)
        .rule(Rules.range("amount", BigDecimal.ZERO, null))
        .rule(Rules.allowedValues("country", "PT", "ES")).build();
    Telemetry telemetry = Telemetry.of(OpenTelemetrySdk.builder().setTracerProvider(
        SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(
            new KafkaPublishBenchmark.Discarding()).build()).build()).build(),
        new SimpleMeterRegistry());
    return DataProduct.builder("bench-stream-" + topics).version("1.0.0").domain("bench")
        .owner(Owner.business("b@example.com"), Owner.technical("bench"))
        .input(KafkaInputPort.builder("events").properties(props()).topic(in)
            .groupId("bench-sdk-" + topics).schema(EVENT).maxRecords(10_000)
            .maxWait(Duration.ofMillis(100)).telemetry(telemetry).build())
        .output(KafkaOutputPort.builder("events-out").properties(props()).topic(out)
            .contract(contract).build())
        .telemetry(telemetry).build();
  }

  /** The hand-written loop: poll, re-encode with Jackson, produce, offsets, commit. */
  private void handLoop(String in, String out, AtomicBoolean stop) {
    Map<String, Object> cp = props();
    cp.put("isolation.level", "read_committed");
    cp.put("enable.auto.commit", false);
    cp.put("group.id", "bench-hand-" + topics);
    cp.put("auto.offset.reset", "earliest");
    Map<String, Object> pp = props();
    pp.put("transactional.id", "bench-hand-" + topics);
    pp.put("linger.ms", 5);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp,
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp,
            new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      List<TopicPartition> parts = consumer.partitionsFor(in).stream()
          .map(i -> new TopicPartition(in, i.partition())).toList();
      consumer.assign(parts);
      while (!stop.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          JsonNode n = MAPPER.readTree(r.value());
          ObjectNode o = MAPPER.createObjectNode();
          o.set("event_id", n.get("event_id"));
          o.set("sent_at", n.get("sent_at"));
          o.set("country", n.get("country"));
          o.set("amount", n.get("amount"));
          producer.send(new ProducerRecord<>(out, n.get("event_id").asText()
              .getBytes(StandardCharsets.UTF_8), MAPPER.writeValueAsBytes(o)));
          offsets.put(new TopicPartition(r.topic(), r.partition()),
              new OffsetAndMetadata(r.offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private long[] measure(boolean sdk, int rate, int seconds) throws Exception {
    topics++;
    String in = "lat-in-" + topics;
    String out = "lat-out-" + topics;
    broker.createTopic(in, 1);
    broker.createTopic(out, 1);
    AtomicBoolean stop = new AtomicBoolean();
    Thread hand = null;
    ContinuousRun stream = null;
    DataProduct product = null;
    if (sdk) {
      product = product(in, out);
      stream = product.runContinuously(ContinuousRun.options().idleWait(Duration.ofMillis(50)));
    } else {
      hand = new Thread(() -> handLoop(in, out, stop), "hand-loop");
      hand.start();
    }
    Instant warmEnd = Instant.now().plusSeconds(3);
    long t0 = System.nanoTime();
    Thread source = source(in, rate, seconds, stop);
    long[] lat = sink(out, (long) rate * seconds, warmEnd, Duration.ofSeconds(seconds + 60));
    double elapsed = (System.nanoTime() - t0) / 1e9;
    source.join();
    stop.set(true);
    if (stream != null) {
      stream.stop();
      product.close();
    }
    if (hand != null) {
      hand.join();
    }
    Arrays.sort(lat);
    System.out.printf(Locale.ROOT, "%-12s %,8.0f events/s  p50 %5d ms  p99 %5d ms  (%d measured)%n",
        sdk ? "sdk" : "hand-written", rate * seconds / elapsed, pct(lat, 0.50), pct(lat, 0.99),
        lat.length);
    return new long[] {pct(lat, 0.50), pct(lat, 0.99)};
  }

  static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1,
        Math.floor(p * sorted.length))];
  }

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    try (BenchBroker broker = new BenchBroker()) {
      KafkaStreamLatencyBenchmark b = new KafkaStreamLatencyBenchmark(broker);
      long[] sdk99 = new long[rounds];
      long[] hand99 = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        boolean sdkFirst = r % 2 == 0;
        long[] first = b.measure(sdkFirst, rate, seconds);
        long[] second = b.measure(!sdkFirst, rate, seconds);
        sdk99[r] = sdkFirst ? first[1] : second[1];
        hand99[r] = sdkFirst ? second[1] : first[1];
      }
      Arrays.sort(sdk99);
      Arrays.sort(hand99);
      System.out.printf(Locale.ROOT, "median p99: sdk %d ms, hand-written %d ms, ratio %.2f"
          + "  (load average %.1f)%n", sdk99[rounds / 2], hand99[rounds / 2],
          (double) sdk99[rounds / 2] / Math.max(1, hand99[rounds / 2]),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
    }
    System.exit(0);
  }
}
