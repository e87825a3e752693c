package dev.dataproduct.kafka;

import dev.dataproduct.policy.Action;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.telemetry.Telemetry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived consumer of a {@link KafkaInputPort} and where it stands: the records fetched
 * ahead, the start of the micro-batch not yet committed (to rewind to when its run fails) and
 * the offsets it consumed. Used by one run at a time (a lock held from {@link #read} to the
 * reader's close); {@link #close} may come from another thread.
 */
final class StreamConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);

  private final String port;
  private final String topic;
  private final KafkaClients clients;
  private final String groupId;
  final int maxRecords;
  final Duration maxWait;
  final Action onMalformed;
  final RecordFormat.Decoder decoder;
  private final Telemetry telemetry;
  private final ReentrantLock lock = new ReentrantLock();
  final ArrayDeque<ConsumerRecord<byte[], byte[]>> ahead = new ArrayDeque<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private List<TopicPartition> partitions;
  private volatile boolean closed;
  /** Positions at the start of the micro-batch whose run has not committed; null when none. */
  private Map<TopicPartition, Long> uncommittedStart;
  private String pendingRunId;
  private RunOffsets.Offer pendingOffer;
  private long[] pendingTimestamps = new long[0];
  private int pendingCount;
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

  StreamConsumer(String port, String topic, KafkaClients clients, String groupId, int maxRecords,
      Duration maxWait, Action onMalformed, RecordFormat.Decoder decoder,
      Telemetry telemetry) {
    this.port = port;
    this.topic = topic;
    this.clients = clients;
    this.groupId = groupId;
    this.maxRecords = maxRecords;
    this.maxWait = maxWait;
    this.onMalformed = onMalformed;
    this.decoder = decoder;
    this.telemetry = telemetry;
  }

  String topic() {
    return topic;
  }

  String groupId() {
    return groupId;
  }

  KafkaConsumer<byte[], byte[]> consumer() {
    return consumer;
  }

  /**
   * Waits until records are there to read. Before the first run it answers true at once: the
   * consumer starts in the run, after the product's output producers started, which resolves a
   * transaction a crashed instance left open (its offsets would otherwise be unstable).
   */
  boolean awaitData(Duration timeout) {
    if (!lock.tryLock()) {
      return true;
    }
    try {
      if (closed) {
        return false;
      }
      if (consumer == null || !ahead.isEmpty() || uncommittedStart != null) {
        return true;
      }
      try {
        consumer.poll(timeout).forEach(ahead::add);
      } catch (WakeupException e) {
        return false;
      } catch (KafkaException e) {
        throw new StorageException("Polling topic '" + topic + "' failed", e);
      }
      return !ahead.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Starts a micro-batch; the lock is held until the reader closes. */
  BatchReader read(ReadContext context, Schema schema) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("Kafka input port '" + port + "' is closed");
      }
      start();
      if (uncommittedStart != null) {
        // the previous micro-batch's run did not commit: read it again
        ahead.clear();
        uncommittedStart.forEach(consumer::seek);
        RunOffsets.forget(pendingRunId);
      }
      Map<TopicPartition, Long> startAt = new HashMap<>();
      for (TopicPartition tp : partitions) {
        startAt.put(tp, consumer.position(tp, KafkaClients.TIMEOUT));
      }
      for (ConsumerRecord<byte[], byte[]> r : ahead) {
        startAt.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
      }
      uncommittedStart = startAt;
      pendingRunId = context.runId();
      pendingOffer = null;
      pendingCount = 0;
      return new StreamReader(this, context, schema);
    } catch (KafkaException e) {
      lock.unlock();
      throw new StorageException("Reading topic '" + topic + "' failed", e);
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /**
   * Creates, assigns and positions the consumer at the group's committed offsets, or leaves none:
   * a consumer kept after a failure half-way (a missing topic, a timeout reading the committed
   * offsets) would read from the reset position instead, and the next run would not start again.
   */
  private void start() {
    if (consumer != null) {
      return;
    }
    KafkaConsumer<byte[], byte[]> c =
        clients.consumer("in-" + port + "-" + topic, groupId, Math.min(maxRecords, 5_000));
    try {
      List<PartitionInfo> infos = c.partitionsFor(topic, KafkaClients.TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new StorageException("Topic '" + topic + "' does not exist",
            new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(topic));
      }
      List<TopicPartition> assigned = new ArrayList<>();
      infos.forEach(i -> assigned.add(new TopicPartition(topic, i.partition())));
      c.assign(assigned);
      Map<TopicPartition, OffsetAndMetadata> committed =
          c.committed(Set.copyOf(assigned), KafkaClients.TIMEOUT);
      committed.forEach((tp, om) -> {
        if (om != null) {
          c.seek(tp, om.offset());
        }
      });
      partitions = assigned;
      consumer = c;
    } catch (RuntimeException e) {
      try {
        c.close(Duration.ZERO);
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The reader of {@code runId} is done: {@code next} holds the offsets after what it read. */
  void readerClosed(String runId, Map<TopicPartition, OffsetAndMetadata> next, long[] timestamps,
      int count) {
    try {
      RunOffsets.Offer offer = new RunOffsets.Offer(next, consumer.groupMetadata());
      pendingOffer = offer;
      pendingTimestamps = timestamps;
      pendingCount = count;
      if (!next.isEmpty()) {
        RunOffsets.offer(runId, offer);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The run committed: commit its offsets unless its Kafka output's transaction did. */
  void committed(ReadContext context) {
    lock.lock();
    try {
      if (!context.runId().equals(pendingRunId) || closed) {
        return;
      }
      RunOffsets.forget(pendingRunId);
      RunOffsets.Offer offer = pendingOffer;
      if (offer != null && !offer.offsets.isEmpty() && !offer.committedByTransaction) {
        consumer.commitSync(offer.offsets, KafkaClients.TIMEOUT);
      }
      uncommittedStart = null;
      pendingRunId = null;
      report(context);
    } catch (KafkaException e) {
      throw new StorageException("Committing the offsets of topic '" + topic + "' failed", e);
    } finally {
      lock.unlock();
    }
  }

  private void report(ReadContext context) {
    try {
      MeterRegistry registry = telemetry.meterRegistry();
      Timer latency = Timer.builder(KafkaInputPort.METER_LATENCY)
          .description("Time from a record's timestamp to the commit of the micro-batch that"
              + " read it")
          .tag("product", context.productName()).tag("port", port)
          .publishPercentileHistogram()
          .register(registry);
      long now = System.currentTimeMillis();
      for (int i = 0; i < pendingCount; i++) {
        latency.record(Math.max(0, now - pendingTimestamps[i]), TimeUnit.MILLISECONDS);
      }
      AtomicLong value = lag.computeIfAbsent(context.productName(), p -> {
        AtomicLong v = new AtomicLong();
        Gauge.builder(KafkaInputPort.METER_LAG, v, AtomicLong::get)
            .description("Records of the topic the input port has not read yet")
            .baseUnit("records")
            .tag("product", p).tag("port", port)
            .register(registry);
        return v;
      });
      long total = 0;
      for (TopicPartition tp : partitions) {
        OptionalLong l = consumer.currentLag(tp);
        total += l.orElse(0);
      }
      value.set(total + ahead.size());
    } catch (RuntimeException e) {
      LOG.debug("Stream meters of port {} failed", port, e);
    }
  }

  void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    lock.lock();
    try {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(1));
        consumer = null;
      }
    } catch (KafkaException e) {
      LOG.debug("Closing the consumer of port {} failed", port, e);
    } finally {
      lock.unlock();
    }
  }
}
