package dev.dataproduct.kafka;

import dev.dataproduct.StorageException;
import dev.dataproduct.spi.LineageDataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The user's client properties (bootstrap servers, security), handed to each kind of client with
 * only the keys that client knows, plus the settings the SDK's guarantees need.
 */
final class KafkaClients {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Object> properties;

  KafkaClients(Map<String, ?> properties) {
    this.properties = Map.copyOf(properties);
    if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("Kafka properties have no '"
          + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG + "'; keys are " + properties.keySet());
    }
  }

  Map<String, Object> properties() {
    return properties;
  }

  /** The OpenLineage dataset of {@code topic} on these servers (a list or a comma list). */
  LineageDataset lineageDataset(String topic) {
    Object servers = properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    String text = servers instanceof Collection<?> c
        ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(servers);
    return LineageDataset.kafka(text, topic);
  }

  private Map<String, Object> only(Set<String> names) {
    Map<String, Object> m = new HashMap<>();
    properties.forEach((k, v) -> {
      if (names.contains(k)) {
        m.put(k, v);
      }
    });
    return m;
  }

  /** A transactional, idempotent producer with {@code transactional.id} = {@code id}. */
  KafkaProducer<byte[], byte[]> producer(String transactionalId) {
    Map<String, Object> m = only(ProducerConfig.configNames());
    m.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    m.put(ProducerConfig.ACKS_CONFIG, "all");
    m.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    m.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    m.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dataproduct-" + transactionalId);
    // a publication is one transaction, and a batch run may take minutes: Kafka's default of
    // 60 s would have the coordinator abort it (within the broker's default maximum of 15 min)
    m.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000);
    return new KafkaProducer<>(m, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A {@code read_committed} consumer without auto-commit; {@code groupId} may be null. */
  KafkaConsumer<byte[], byte[]> consumer(String clientId, String groupId, int maxPollRecords) {
    Map<String, Object> m = only(ConsumerConfig.configNames());
    m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    m.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    m.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    m.put(ConsumerConfig.CLIENT_ID_CONFIG, "dataproduct-" + clientId);
    if (groupId != null) {
      m.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    } else {
      m.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }
    return new KafkaConsumer<>(m, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  KafkaConsumer<byte[], byte[]> consumer(String clientId) {
    return consumer(clientId, null, 2_000);
  }

  /**
   * Creates the topics that do not exist yet. {@code partitions} and {@code replication} may be
   * empty for the broker's defaults; {@code compacted} topics get {@code cleanup.policy=compact}
   * and one partition.
   */
  void createTopics(List<String> plain, List<String> compacted, Optional<Integer> partitions,
      Optional<Short> replication) {
    try (Admin admin = Admin.create(only(AdminClientConfig.configNames()))) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : plain) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, partitions, replication));
        }
      }
      for (String t : compacted) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, Optional.of(1), replication)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                  TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var f : admin.createTopics(missing).values().values()) {
        try {
          f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new StorageException("Creating topics " + plain + " " + compacted + " failed",
          e.getCause());
    } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw new StorageException("Creating topics " + plain + " " + compacted + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while creating topics " + plain, e);
    }
  }
}
