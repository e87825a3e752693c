package dev.dataproduct.kafka;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Orders, the tests' input written exactly as asked, independent read_committed consumers, and a
 * bounded wait for a topic's keys.
 */
final class KafkaFixtures {
  static final Schema ORDER = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  /** How many times {@link #seed} sends what is not on the topic yet before it gives up. */
  private static final int SEED_ATTEMPTS = 3;

  private KafkaFixtures() {}

  static DataContract orderContract() {
    return DataContract.builder("orders").version("1.0.0").schema(ORDER).build();
  }

  /** Writes order values {@code from..from+count-1} as JSON, keyed by order id (see {@link #seed}). */
  static void produceOrders(String topic, int from, int count) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String json = "{\"order_id\":" + i + ",\"country\":\"" + (i % 2 == 0 ? "PT" : "ES")
          + "\",\"amount\":" + (i % 100) + ".25}";
      records.add(new ProducerRecord<>(topic, bytes(Integer.toString(i)), bytes(json)));
    }
    seed(topic, records);
  }

  /** Writes {@code values} without keys, in this order (see {@link #seed}). */
  static void produceRaw(String topic, String... values) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (String v : values) {
      records.add(new ProducerRecord<>(topic, bytes(v)));
    }
    seed(topic, records);
  }

  /**
   * Writes {@code records} to {@code topic} so that it holds each of them once when this returns.
   * Every send is checked (a producer that fails, as the in-process broker's idempotent producer
   * once did with {@code OutOfOrderSequenceException}, leaves part of the input unwritten: {@code
   * flush} alone does not say so). After a failed send, the topic is read back and only what is
   * missing is sent again, by a new producer, at most {@value #SEED_ATTEMPTS} times in all; a
   * record on the topic twice, or one still missing, fails the test here, naming it, instead of
   * a consumer later waiting for input that never came.
   */
  private static void seed(String topic, List<ProducerRecord<byte[], byte[]>> records) {
    List<ProducerRecord<byte[], byte[]>> missing = records;
    List<Exception> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= SEED_ATTEMPTS; attempt++) {
      Exception failure = sendAll(missing);
      if (failure == null) {
        return;
      }
      failures.add(failure);
      missing = notOnTopic(topic, records);
      if (missing.isEmpty()) {
        return;
      }
    }
    AssertionError error = new AssertionError("Seeding " + topic + " failed: " + missing.size()
        + " of " + records.size() + " records still missing after " + SEED_ATTEMPTS
        + " attempts, e.g. " + describe(missing.get(0)) + "; last error: "
        + failures.get(failures.size() - 1));
    failures.forEach(error::addSuppressed);
    throw error;
  }

  /** Sends each record once and waits for all: the first failure, or null when all were written. */
  private static Exception sendAll(List<ProducerRecord<byte[], byte[]>> records) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", EmbeddedKafka.bootstrapServers());
    props.put("acks", "all");
    props.put("enable.idempotence", true);
    // a failed send shows in 30 s, not after Kafka's default of 120 s
    props.put("delivery.timeout.ms", 30_000);
    props.put("request.timeout.ms", 10_000);
    props.put("max.block.ms", 30_000);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props,
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        sent.add(p.send(r));
      }
      p.flush();
      for (int i = 0; i < sent.size(); i++) {
        try {
          sent.get(i).get();
        } catch (ExecutionException e) {
          return new IllegalStateException("sending " + describe(records.get(i)) + " failed",
              e.getCause());
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while seeding", e);
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * The records of {@code expected} that {@code topic} does not hold; fails when it holds a record
   * twice or one that was not asked for.
   */
  private static List<ProducerRecord<byte[], byte[]>> notOnTopic(String topic,
      List<ProducerRecord<byte[], byte[]>> expected) {
    Map<List<ByteBuffer>, Long> onTopic = readCommitted(topic).stream().collect(
        Collectors.groupingBy(r -> content(r.key(), r.value()), Collectors.counting()));
    Map<List<ByteBuffer>, ProducerRecord<byte[], byte[]>> asked = expected.stream().collect(
        Collectors.toMap(r -> content(r.key(), r.value()), Function.identity(), (a, b) -> {
          throw new IllegalArgumentException("seed records must differ: " + describe(a));
        }));
    onTopic.forEach((content, n) -> {
      if (n > 1 || !asked.containsKey(content)) {
        throw new AssertionError("Seeding " + topic + " went wrong: the topic holds " + n
            + " x key=" + text(content.get(0)) + " value=" + text(content.get(1))
            + (asked.containsKey(content) ? "" : ", which was not sent"));
      }
    });
    return expected.stream().filter(r -> !onTopic.containsKey(content(r.key(), r.value())))
        .toList();
  }

  private static List<ByteBuffer> content(byte[] key, byte[] value) {
    return Arrays.asList(key == null ? null : ByteBuffer.wrap(key),
        ByteBuffer.wrap(value));
  }

  private static String describe(ProducerRecord<byte[], byte[]> r) {
    return "key=" + text(r.key()) + " value=" + text(r.value());
  }

  /**
   * A consumer of no group assigned every partition of {@code topic}, at its beginning, with
   * {@code isolation} ({@code read_committed} or {@code read_uncommitted}); close it.
   */
  static KafkaConsumer<byte[], byte[]> fromStart(String topic, String isolation) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", EmbeddedKafka.bootstrapServers());
    props.put("isolation.level", isolation);
    props.put("enable.auto.commit", false);
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }

  /** Every committed record of {@code topic} (read_committed, up to the last stable offset). */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = fromStart(topic, "read_committed")) {
      Set<TopicPartition> parts = c.assignment();
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      // bounds a failure only: a loaded machine (child JVMs, a broker in this one) is slow
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
        if (System.nanoTime() > deadline) {
          throw new AssertionError("reading " + topic + " timed out");
        }
      }
    }
    return out;
  }

  /** The keys, as numbers, of every committed record of {@code topic}. */
  static List<Long> keys(String topic) {
    List<Long> keys = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readCommitted(topic)) {
      keys.add(Long.parseLong(text(r.key())));
    }
    return keys;
  }

  /**
   * Waits until {@code topic}'s committed keys include all of {@code expected} and returns them
   * all. Fails once the topic has gained no record over {@code stall} of waiting, naming how many
   * and which keys are missing: a stalled consumer shows within that time, not after a fixed
   * long deadline, while a slow one that keeps going has all the time it needs. Only the pauses
   * between two looks count, so a JVM frozen for a while (a debugger, SIGSTOP) does not fail it.
   */
  static List<Long> awaitKeys(String topic, Collection<Long> expected, Duration stall)
      throws InterruptedException {
    Duration pause = Duration.ofMillis(250);
    Duration idle = Duration.ZERO;
    int lastSize = -1;
    for (;;) {
      List<Long> keys = keys(topic);
      TreeSet<Long> missing = new TreeSet<>(expected);
      keys.forEach(missing::remove);
      if (missing.isEmpty()) {
        return keys;
      }
      if (keys.size() != lastSize) {
        lastSize = keys.size();
        idle = Duration.ZERO;
      } else if (idle.compareTo(stall) >= 0) {
        throw new AssertionError(topic + " gained no record in " + stall.toSeconds() + " s: it holds "
            + keys.size() + " records, " + missing.size() + " of the " + expected.size()
            + " expected keys are missing, e.g. " + missing.stream().limit(20).toList());
      }
      Thread.sleep(pause.toMillis());
      idle = idle.plus(pause);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static String text(ByteBuffer b) {
    return b == null ? null : text(b.array());
  }
}
