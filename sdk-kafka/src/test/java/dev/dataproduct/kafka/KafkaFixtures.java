package dev.dataproduct.kafka;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Orders, raw producers and independent read_committed consumers for the Kafka tests. */
final class KafkaFixtures {
  static final Schema ORDER = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  static DataContract orderContract() {
    return DataContract.builder("orders").version("1.0.0").schema(ORDER).build();
  }

  private KafkaFixtures() {}

  /** Produces order values {@code from..from+count-1} as JSON, committed. */
  static void produceOrders(String topic, int from, int count) {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
        "bootstrap.servers", EmbeddedKafka.bootstrapServers(), "acks", "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < from + count; i++) {
        String json = "{\"order_id\":" + i + ",\"country\":\"" + (i % 2 == 0 ? "PT" : "ES")
            + "\",\"amount\":" + (i % 100) + ".25}";
        p.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
    }
  }

  static void produceRaw(String topic, String... values) {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
        "bootstrap.servers", EmbeddedKafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String v : values) {
        p.send(new ProducerRecord<>(topic, v.getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
    }
  }

  /** Every committed record of {@code topic} (read_committed, up to the last stable offset). */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", EmbeddedKafka.bootstrapServers());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props,
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
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

  static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
