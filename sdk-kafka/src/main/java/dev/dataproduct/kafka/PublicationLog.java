package dev.dataproduct.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.Publication;
import dev.dataproduct.StorageException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The publication log of one topic: the compacted topic {@code <topic>.publications} (one
 * partition), written by the port's transactional producer in the same transaction as the
 * publication's records, so an entry is visible exactly when its publication is.
 *
 * <p>Two kinds of entries, both JSON: {@code publication/<id>} holds the id, the run id, the row
 * and byte counts, the contract version and the hash of its contract, the commit time, the value
 * format and the first and last offset of the publication's records per partition of the topic;
 * {@code contract/<sha-256>} holds a contract as ODCS YAML, written once per distinct contract
 * (so a continuous product publishing every 100 ms does not repeat it). Keys are unique, so
 * compaction keeps every entry. Readers read the log with {@code read_committed} up to its end
 * (the last stable offset) and cache what they read.
 */
final class PublicationLog {
  static final String SUFFIX = ".publications";
  private static final String PUBLICATION = "publication/";
  private static final String CONTRACT = "contract/";

  /** One publication as the log stores it. */
  record Entry(Publication publication, String contractHash, String format,
      Map<Integer, long[]> ranges) {}

  private final String logTopic;
  private final String dataTopic;
  private final KafkaClients clients;
  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Long, Entry> entries = new TreeMap<>();
  private final Map<String, String> contracts = new HashMap<>();
  private final Map<String, DataContract> parsed = new HashMap<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition partition;

  PublicationLog(String dataTopic, KafkaClients clients) {
    this.dataTopic = dataTopic;
    this.logTopic = dataTopic + SUFFIX;
    this.clients = clients;
    this.partition = new TopicPartition(logTopic, 0);
  }

  String topic() {
    return logTopic;
  }

  /** Reads the log up to its last stable offset. */
  void refresh() {
    lock.lock();
    try {
      if (consumer == null) {
        consumer = clients.consumer("log-" + dataTopic);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
      }
      long end = consumer.endOffsets(List.of(partition), KafkaClients.TIMEOUT).get(partition);
      long deadline = System.nanoTime() + KafkaClients.TIMEOUT.toNanos();
      while (consumer.position(partition, KafkaClients.TIMEOUT) < end) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          apply(r.key(), r.value());
        }
        if (System.nanoTime() > deadline) {
          throw new StorageException("Reading publication log " + logTopic + " timed out",
              new java.util.concurrent.TimeoutException("position below " + end));
        }
      }
    } catch (KafkaException e) {
      throw new StorageException("Reading publication log " + logTopic + " failed", e);
    } finally {
      lock.unlock();
    }
  }

  private void apply(byte[] key, byte[] value) {
    if (key == null || value == null) {
      return;
    }
    String k = new String(key, StandardCharsets.UTF_8);
    try {
      if (k.startsWith(CONTRACT)) {
        contracts.put(k.substring(CONTRACT.length()), new String(value, StandardCharsets.UTF_8));
      } else if (k.startsWith(PUBLICATION)) {
        Entry e = parse(JsonRecordFormat.MAPPER.readTree(value));
        entries.put(e.publication().id(), e);
      }
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Publication log " + logTopic + " holds an unreadable entry '"
          + k + "'", e);
    }
  }

  /** Every committed publication read so far, by ascending id. */
  List<Publication> publications() {
    lock.lock();
    try {
      List<Publication> out = new ArrayList<>(entries.size());
      entries.values().forEach(e -> out.add(e.publication()));
      return out;
    } finally {
      lock.unlock();
    }
  }

  Optional<Entry> entry(long id) {
    lock.lock();
    try {
      return Optional.ofNullable(entries.get(id));
    } finally {
      lock.unlock();
    }
  }

  long lastId() {
    lock.lock();
    try {
      return entries.isEmpty() ? 0 : entries.lastKey();
    } finally {
      lock.unlock();
    }
  }

  Optional<DataContract> contractOf(Publication p) {
    lock.lock();
    try {
      Entry e = entries.get(p.id());
      if (e == null) {
        return Optional.empty();
      }
      DataContract c = parsed.get(e.contractHash());
      if (c == null) {
        String yaml = contracts.get(e.contractHash());
        if (yaml == null) {
          return Optional.empty();
        }
        c = DataContracts.reader().fromYaml(yaml, logTopic + " " + CONTRACT + e.contractHash());
        parsed.put(e.contractHash(), c);
      }
      return Optional.of(c);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the entries of {@code entry} (and its contract, unless the log has it) with {@code
   * producer}, inside the caller's open transaction.
   */
  void append(Producer<byte[], byte[]> producer, Entry entry, String contractYaml) {
    String hash = entry.contractHash();
    boolean known;
    lock.lock();
    try {
      known = contracts.containsKey(hash);
    } finally {
      lock.unlock();
    }
    if (!known) {
      producer.send(new ProducerRecord<>(logTopic, 0, bytes(CONTRACT + hash),
          bytes(contractYaml)));
    }
    producer.send(new ProducerRecord<>(logTopic, 0,
        bytes(PUBLICATION + entry.publication().id()), write(entry)));
  }

  /** Records an entry this process committed, without waiting to read it back. */
  void committed(Entry entry, String contractYaml) {
    lock.lock();
    try {
      contracts.putIfAbsent(entry.contractHash(), contractYaml);
      entries.put(entry.publication().id(), entry);
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      if (consumer != null) {
        consumer.close(Duration.ZERO);
        consumer = null;
      }
    } finally {
      lock.unlock();
    }
  }

  static String hash(String contractYaml) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(contractYaml.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] write(Entry e) {
    Publication p = e.publication();
    ObjectNode n = JsonRecordFormat.MAPPER.createObjectNode();
    n.put("id", p.id());
    n.put("port", p.port());
    n.put("runId", p.runId());
    n.put("rows", p.rows());
    n.put("bytes", p.bytes());
    n.put("contractVersion", p.contractVersion());
    n.put("contract", e.contractHash());
    n.put("committedAt", p.committedAt().toString());
    n.put("location", p.location());
    n.put("format", e.format());
    ObjectNode ranges = n.putObject("ranges");
    new TreeMap<>(e.ranges()).forEach((partition, r) ->
        ranges.putArray(Integer.toString(partition)).add(r[0]).add(r[1]));
    try {
      return JsonRecordFormat.MAPPER.writeValueAsBytes(n);
    } catch (IOException ex) {
      throw new IllegalStateException("Writing a log entry failed", ex);
    }
  }

  private static Entry parse(JsonNode n) {
    Publication p = new Publication(n.get("port").asText(), n.get("id").asLong(),
        n.get("runId").asText(), n.get("rows").asLong(), n.get("bytes").asLong(),
        n.get("contractVersion").asText(), Instant.parse(n.get("committedAt").asText()),
        n.get("location").asText());
    Map<Integer, long[]> ranges = new TreeMap<>();
    n.get("ranges").fields().forEachRemaining(f -> ranges.put(Integer.parseInt(f.getKey()),
        new long[] {f.getValue().get(0).asLong(), f.getValue().get(1).asLong()}));
    return new Entry(p, n.get("contract").asText(), n.get("format").asText(), ranges);
  }
}
