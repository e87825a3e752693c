package dev.dataproduct.kafka;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publication on a topic: its records produced inside the port's transaction. The writer
 * that began the transaction (the port's) commits it, with its log entry, the log entries of the
 * writers that joined it (the quarantine's) and, for a Kafka-to-Kafka run, the input's offsets.
 * A joined writer keeps its rows until the transaction ends: if it aborts, they are stored in a
 * transaction of their own, so a rejected row is never lost.
 */
final class TopicWriter implements PublicationWriter, Callback {
  private static final Logger LOG = LoggerFactory.getLogger(TopicWriter.class);
  static final String H_PRODUCT = "dataproduct.product";
  static final String H_PORT = "dataproduct.port";
  static final String H_PUBLICATION = "dataproduct.publication.id";
  static final String H_CONTRACT = "dataproduct.contract.version";
  static final String H_RULE = "dataproduct.rule.id";
  static final String H_REASON = "dataproduct.reason";

  private final TopicStore store;
  private final WriteContext context;
  private final boolean own;
  private final RecordFormat.Encoder encoder;
  private final RecordKeys keys;
  private final String contractYaml;
  private final String contractHash;
  /** Rows kept for a replay: only a joined (quarantine) writer keeps them. */
  private final List<Row> kept;
  private TxnProducer.Txn txn;
  private long id;
  private Header[] headers;
  /**
   * The same four headers as one {@link RecordHeaders}, shared by every record of the
   * publication: a record copies a {@code RecordHeaders} in one array copy, and any other
   * {@code Iterable} one header at a time into a growing list.
   */
  private RecordHeaders shared;
  private final Map<Integer, long[]> ranges = new HashMap<>();
  private volatile Exception sendError;
  private long rows;
  private long bytes;
  private PublicationLog.Entry entry;
  private boolean ended;

  TopicWriter(TopicStore store, WriteContext context, TxnProducer.Txn txn, boolean own) {
    this.store = store;
    this.context = context;
    this.txn = txn;
    this.own = own;
    this.encoder = store.format.encoder(context.contract().schema());
    this.keys = RecordKeys.of(context.contract().schema(), store.keySalt);
    String[] text = store.contractText(context.contract());
    this.contractYaml = text[0];
    this.contractHash = text[1];
    this.kept = own ? null : new ArrayList<>();
    start(store.nextId());
    if (own) {
      RunOffsets.writerOpened(context.runId());
    }
    context.setAttribute("messaging.system", "kafka");
    context.setAttribute("messaging.destination.name", store.topic);
    context.setAttribute("messaging.operation.name", "send");
  }

  private void start(long publicationId) {
    this.id = publicationId;
    this.headers = new Header[] {
        header(H_PRODUCT, context.productName()),
        header(H_PORT, context.portName()),
        header(H_PUBLICATION, Long.toString(id)),
        header(H_CONTRACT, context.contract().version().toString())};
    this.shared = new RecordHeaders(headers);
    ranges.clear();
    rows = 0;
    bytes = 0;
    sendError = null;
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void write(List<Row> batch) {
    if (ended) {
      throw new IllegalStateException("Publication " + id + " of topic '" + store.topic
          + "' has ended");
    }
    if (kept != null) {
      kept.addAll(batch);
    }
    send(txn.producer(), batch);
  }

  private void send(KafkaProducer<byte[], byte[]> producer, List<Row> batch) {
    try {
      for (Row row : batch) {
        byte[] value = encoder.encode(row);
        byte[] key = keys.key(row);
        RecordHeaders h = store.quarantineStore ? new RecordHeaders(quarantineHeaders(row))
            : shared;
        bytes += value.length + (key == null ? 0 : key.length);
        rows++;
        producer.send(new ProducerRecord<>(store.topic, null, null, key, value, h), this);
      }
    } catch (RuntimeException e) {
      if (e instanceof DataProductException d) {
        throw d;
      }
      throw store.producer.translate(e, "Producing to topic '" + store.topic + "'");
    }
  }

  private Header[] quarantineHeaders(Row row) {
    Header[] h = java.util.Arrays.copyOf(headers, headers.length + 2);
    h[headers.length] = header(H_RULE, String.valueOf(row.get(Quarantine.RULE_ID)));
    h[headers.length + 1] = header(H_REASON, String.valueOf(row.get(Quarantine.REASON)));
    return h;
  }

  /** Producer callback (on the producer's I/O thread). */
  @Override
  public void onCompletion(RecordMetadata md, Exception e) {
    if (e != null) {
      if (sendError == null) {
        sendError = e;
      }
      return;
    }
    synchronized (ranges) {
      long[] r = ranges.get(md.partition());
      if (r == null) {
        ranges.put(md.partition(), new long[] {md.offset(), md.offset()});
      } else {
        r[0] = Math.min(r[0], md.offset());
        r[1] = Math.max(r[1], md.offset());
      }
    }
  }

  /** Waits for every record, then adds the log entry to the transaction. */
  private Publication finish(KafkaProducer<byte[], byte[]> producer) {
    producer.flush();
    Exception e = sendError;
    if (e != null) {
      throw store.producer.translate(e instanceof RuntimeException r ? r
          : new org.apache.kafka.common.KafkaException(e), "Producing to topic '" + store.topic
          + "'");
    }
    Map<Integer, long[]> copy = new HashMap<>();
    synchronized (ranges) {
      ranges.forEach((p, r) -> copy.put(p, r.clone()));
    }
    Publication p = new Publication(context.portName(), id, context.runId(), rows, bytes,
        context.contract().version().toString(), Instant.now(), store.topic);
    entry = new PublicationLog.Entry(p, contractHash, store.format.name(), copy);
    store.log.append(producer, entry, contractYaml);
    return p;
  }

  @Override
  public Publication commit() {
    if (ended) {
      throw new IllegalStateException("Publication " + id + " of topic '" + store.topic
          + "' has ended");
    }
    ended = true;
    return own ? commitOwn() : stage();
  }

  private Publication commitOwn() {
    TxnProducer tp = store.producer;
    try {
      Publication p = finish(txn.producer());
      RunOffsets.Offer offer = RunOffsets.claimIfLast(context.runId());
      if (offer != null) {
        txn.producer().sendOffsetsToTransaction(offer.offsets, offer.group);
      }
      tp.commit(txn);
      if (offer != null) {
        offer.committedByTransaction = true;
      }
      store.log.committed(entry, contractYaml);
      for (TopicWriter w : txn.staged) {
        w.store.log.committed(w.entry, w.contractYaml);
      }
      return p;
    } catch (RuntimeException e) {
      StorageException failure = tp.translate(e, "Committing publication " + id + " of topic '"
          + store.topic + "'");
      abortOwn(failure);
      throw failure;
    } finally {
      tp.release(txn);
    }
  }

  /** A joined writer: stage in the owner's transaction, or store on its own if that ended. */
  private Publication stage() {
    if (txn.state == TxnProducer.State.OPEN) {
      Publication p = finish(txn.producer());
      txn.staged.add(this);
      return p;
    }
    TxnProducer tp = store.producer;
    TxnProducer.Txn fresh = tp.begin(context.productName(), context.portName(),
        context.runId());
    try {
      Publication p = replay(fresh);
      tp.commit(fresh);
      store.log.committed(entry, contractYaml);
      return p;
    } catch (RuntimeException e) {
      tp.abortQuietly(fresh);
      throw tp.translate(e, "Storing " + kept.size() + " quarantine records on topic '"
          + store.topic + "'");
    } finally {
      tp.release(fresh);
    }
  }

  /** Produces the kept rows again in {@code fresh}, as the next publication of the store. */
  private Publication replay(TxnProducer.Txn fresh) {
    this.txn = fresh;
    start(store.nextId());
    send(fresh.producer(), kept);
    return finish(fresh.producer());
  }

  @Override
  public void abort() {
    if (ended) {
      return;
    }
    ended = true;
    if (own) {
      try {
        abortOwn(null);
      } finally {
        store.producer.release(txn);
      }
    }
  }

  /** Aborts the owner's transaction; stores the rows of joined writers that staged in it. */
  private void abortOwn(Throwable cause) {
    TxnProducer tp = store.producer;
    if (txn.state == TxnProducer.State.OPEN) {
      tp.abortQuietly(txn);
    }
    RunOffsets.writerAborted(context.runId());
    for (TopicWriter w : txn.staged) {
      TxnProducer.Txn fresh = null;
      try {
        fresh = tp.restart(txn);
        w.replay(fresh);
        tp.commit(fresh);
        w.store.log.committed(w.entry, w.contractYaml);
      } catch (RuntimeException e) {
        if (fresh != null) {
          tp.abortQuietly(fresh);
        }
        LOG.error("Run {}: {} quarantine records of topic {} could not be stored after the"
            + " publication aborted: {}", context.runId(), w.kept.size(), w.store.topic,
            e.getClass().getName());
        if (cause != null) {
          cause.addSuppressed(e);
        }
      }
    }
  }

  @Override
  public long bytesWritten() {
    return bytes;
  }
}
