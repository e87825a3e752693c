package dev.dataproduct.kafka;

import dev.dataproduct.DataProductException;
import dev.dataproduct.policy.Action;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One micro-batch of a {@link KafkaInputPort}: records from where the last committed run
 * stopped, until {@code maxRecords} were read, {@code maxWait} has passed, or (once records
 * came) a short poll finds no more: the product has caught up with the topic.
 */
final class StreamReader implements BatchReader {
  private static final long CAUGHT_UP_POLL_NANOS = 5_000_000L;
  private final StreamConsumer stream;
  private final ReadContext context;
  private final Schema schema;
  private final long deadline;
  private final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
  private long[] timestamps = new long[64];
  private int read;
  private boolean done;
  private boolean closed;

  StreamReader(StreamConsumer stream, ReadContext context, Schema schema) {
    this.stream = stream;
    this.context = context;
    this.schema = schema;
    this.deadline = System.nanoTime() + stream.maxWait.toNanos();
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    List<Row> batch = new ArrayList<>();
    if (done || closed) {
      return batch;
    }
    int want = context.batchSize();
    try {
      while (batch.size() < want && read < stream.maxRecords) {
        ConsumerRecord<byte[], byte[]> r = stream.ahead.poll();
        if (r == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          // once records came, a poll that finds nothing more ends the micro-batch early:
          // the product has caught up, and waiting longer only adds latency
          int before = stream.ahead.size();
          stream.consumer().poll(Duration.ofNanos(read == 0 ? left
              : Math.min(left, CAUGHT_UP_POLL_NANOS))).forEach(stream.ahead::add);
          if (read > 0 && stream.ahead.size() == before) {
            done = true;
            break;
          }
          continue;
        }
        take(r, batch);
      }
    } catch (WakeupException e) {
      throw new IllegalStateException("Kafka input port '" + context.portName()
          + "' was closed during a read");
    } catch (KafkaException e) {
      throw new StorageException("Reading topic '" + stream.topic() + "' failed", e);
    }
    if (batch.isEmpty()) {
      done = true;
    }
    return batch;
  }

  private void take(ConsumerRecord<byte[], byte[]> r, List<Row> batch) {
    read++;
    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    if (read > timestamps.length) {
      timestamps = Arrays.copyOf(timestamps, timestamps.length * 2);
    }
    timestamps[read - 1] = r.timestamp();
    try {
      batch.add(stream.decoder.decode(r.value()));
    } catch (RecordFormat.MalformedValueException e) {
      String where = "Topic '" + stream.topic() + "' partition " + r.partition() + " offset "
          + r.offset() + ": " + e.getMessage();
      if (stream.onMalformed == Action.QUARANTINE) {
        context.quarantine(where, r.value() == null ? null
            : new String(r.value(), StandardCharsets.UTF_8));
      } else {
        throw new DataProductException(where + " (set onMalformed(QUARANTINE) on port '"
            + context.portName() + "' to quarantine such records)");
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stream.readerClosed(context.runId(), next, timestamps, read);
  }
}
