package dev.dataproduct.kafka;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.BatchReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads one publication back: for each partition of its log entry, the records from the first to
 * the last offset, {@code read_committed}, keeping those whose publication-id header is the
 * publication's (another writer's records may lie in between).
 */
final class TopicReader implements BatchReader {
  private final TopicStore store;
  private final Schema schema;
  private final int batchSize;
  private final RecordFormat.Decoder decoder;
  private final byte[] idBytes;
  private final Map<TopicPartition, Long> last = new HashMap<>();
  private final java.util.ArrayDeque<ConsumerRecord<byte[], byte[]>> pending =
      new java.util.ArrayDeque<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private final long publicationId;
  private final byte[] portBytes;
  private final Map<TopicPartition, Long> ends = new HashMap<>();

  TopicReader(TopicStore store, PublicationLog.Entry entry, Schema schema, int batchSize) {
    this.store = store;
    this.schema = schema;
    this.batchSize = batchSize;
    this.publicationId = entry.publication().id();
    if (!entry.format().equals(store.format.name())) {
      throw new DataProductException("Publication " + publicationId + " of topic '" + store.topic
          + "' is in format '" + entry.format() + "', the port reads '" + store.format.name()
          + "'");
    }
    this.decoder = store.format.decoder(schema);
    this.idBytes = Long.toString(publicationId).getBytes(StandardCharsets.UTF_8);
    entry.ranges().forEach((p, r) -> last.put(new TopicPartition(store.topic, p), r[1]));
    ends.putAll(last);
    this.portBytes = entry.publication().port().getBytes(StandardCharsets.UTF_8);
    if (!last.isEmpty()) {
      try {
        consumer = store.clients.consumer("read-" + store.topic, null,
            Math.max(100, Math.min(batchSize, 10_000)));
        consumer.assign(last.keySet());
        entry.ranges().forEach((p, r) -> consumer.seek(new TopicPartition(store.topic, p), r[0]));
      } catch (KafkaException e) {
        close();
        throw new StorageException("Reading publication " + publicationId + " of topic '"
            + store.topic + "' failed", e);
      }
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    List<Row> out = new ArrayList<>();
    long deadline = System.nanoTime() + KafkaClients.TIMEOUT.toNanos();
    try {
      while (out.size() < batchSize) {
        if (pending.isEmpty()) {
          if (consumer == null || last.isEmpty()) {
            break;
          }
          var records = consumer.poll(Duration.ofMillis(200));
          records.forEach(pending::add);
          doneWithPartitions();
          if (records.isEmpty()) {
            if (System.nanoTime() > deadline) {
              throw new StorageException("Reading publication " + publicationId + " of topic '"
                  + store.topic + "' timed out; partitions left " + last.keySet(),
                  new java.util.concurrent.TimeoutException());
            }
            continue;
          }
          deadline = System.nanoTime() + KafkaClients.TIMEOUT.toNanos();
        }
        ConsumerRecord<byte[], byte[]> r = pending.poll();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long end = endOf(tp);
        if (end == null || r.offset() > end || !ours(r)) {
          continue;
        }
        out.add(decoder.decode(r.value()));
      }
    } catch (KafkaException e) {
      throw new StorageException("Reading publication " + publicationId + " of topic '"
          + store.topic + "' failed", e);
    }
    return out;
  }

  private Long endOf(TopicPartition tp) {
    return ends.get(tp);
  }

  /** Stops fetching partitions read past the publication's last offset. */
  private void doneWithPartitions() {
    List<TopicPartition> done = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> e : last.entrySet()) {
      if (consumer.position(e.getKey()) > e.getValue()) {
        done.add(e.getKey());
      }
    }
    if (!done.isEmpty()) {
      done.forEach(last::remove);
      consumer.pause(done);
    }
  }

  private boolean ours(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(TopicWriter.H_PUBLICATION);
    Header port = r.headers().lastHeader(TopicWriter.H_PORT);
    return h != null && java.util.Arrays.equals(h.value(), idBytes) && port != null
        && java.util.Arrays.equals(port.value(), portBytes);
  }

  @Override
  public void close() {
    last.clear();
    pending.clear();
    if (consumer != null) {
      consumer.close(Duration.ZERO);
      consumer = null;
    }
  }
}
