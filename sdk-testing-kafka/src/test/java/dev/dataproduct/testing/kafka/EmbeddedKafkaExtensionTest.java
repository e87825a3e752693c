package dev.dataproduct.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared broker: transactions work and {@code read_committed} hides what was aborted. */
class EmbeddedKafkaExtensionTest {
  @RegisterExtension static EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.create();

  @Test
  void transactions_committedRecordsAreRead_abortedOnesAreNot() throws Exception {
    String topic = kafka.newTopicName("orders");
    try (Admin admin = Admin.create(kafka.properties())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> p = new HashMap<>(kafka.properties());
    p.put("transactional.id", topic + "-tx");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k1", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k2", "committed"));
      producer.commitTransaction();
    }

    Map<String, Object> c = new HashMap<>(kafka.properties());
    c.put("isolation.level", "read_committed");
    c.put("auto.offset.reset", "earliest");
    c.put("group.id", topic + "-reader");
    List<String> values = new java.util.ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c,
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    assertThat(values).containsExactly("committed");
    assertThat(kafka.newTopicName("orders")).isNotEqualTo(topic).startsWith("orders-");
    assertThat(kafka.broker().bootstrapServers()).isEqualTo(kafka.bootstrapServers())
        .matches(".+:\\d+");
  }
}
