package dev.dataproduct.kafka;

import dev.dataproduct.Field;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link PublicationStore} of a topic: a publication is one Kafka transaction on the port's
 * producer (see {@link TxnProducer}), indexed by the topic's {@link PublicationLog}. The port's
 * quarantine is a second store of this class over {@code <topic>.quarantine}, on the same
 * producer: a run's quarantine records join the transaction of its publication.
 */
final class TopicStore implements PublicationStore {
  final String topic;
  final KafkaClients clients;
  final TxnProducer producer;
  final PublicationLog log;
  final RecordFormat format;
  final String keySalt;
  final boolean quarantineStore;
  private final TopicStore quarantine;
  private volatile String boundProduct;
  /** The producer generation the log was last read to its end for; -1: never. */
  private int logReadFor = -1;
  private DataContract lastContract;
  private String lastContractYaml;
  private String lastContractHash;

  TopicStore(String topic, KafkaClients clients, TxnProducer producer, RecordFormat format,
      String keySalt, boolean quarantineStore) {
    this.topic = topic;
    this.clients = clients;
    this.producer = producer;
    this.log = new PublicationLog(topic, clients);
    this.format = format;
    this.keySalt = keySalt;
    this.quarantineStore = quarantineStore;
    this.quarantine = quarantineStore ? null : new TopicStore(topic + ".quarantine", clients,
        producer, RecordFormat.json(), keySalt, true);
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    bind(context.productName(), context.portName());
    TxnProducer.Txn joined = producer.joinable(context.runId());
    if (joined != null) {
      return new TopicWriter(this, context, joined, false);
    }
    TxnProducer.Txn own = producer.begin(context.productName(), context.portName(),
        context.runId());
    try {
      return new TopicWriter(this, context, own, true);
    } catch (RuntimeException e) {
      producer.abortQuietly(own);
      producer.release(own);
      throw e;
    }
  }

  private void bind(String product, String port) {
    if (quarantineStore) {
      return;
    }
    String p = boundProduct;
    if (p == null) {
      boundProduct = product;
    } else if (!p.equals(product)) {
      throw new IllegalStateException("Kafka topic '" + topic + "' is published by product '"
          + p + "'; product '" + product + "' cannot publish to the same port (its"
          + " transactional.id would fence the other)");
    }
  }

  /**
   * The next publication id, read while holding the producer: the log is read to its end once
   * per producer incarnation; after that this process's own commits keep it current.
   */
  long nextId() {
    int g = producer.generation();
    if (logReadFor != g) {
      log.refresh();
      logReadFor = g;
    }
    return log.lastId() + 1;
  }

  /** The ODCS YAML of {@code contract} and its SHA-256, cached for the last contract seen. */
  synchronized String[] contractText(DataContract contract) {
    if (contract != lastContract) {
      lastContractYaml = DataContracts.toYaml(contract);
      lastContractHash = PublicationLog.hash(lastContractYaml);
      lastContract = contract;
    }
    return new String[] {lastContractYaml, lastContractHash};
  }

  @Override
  public List<Publication> publications() {
    log.refresh();
    return log.publications();
  }

  @Override
  public Optional<Publication> publication(long id) {
    Optional<PublicationLog.Entry> e = log.entry(id);
    if (e.isEmpty()) {
      log.refresh();
      e = log.entry(id);
    }
    return e.map(PublicationLog.Entry::publication);
  }

  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    PublicationLog.Entry entry = log.entry(publication.id()).orElseGet(() -> {
      log.refresh();
      return log.entry(publication.id()).orElseThrow(() -> new dev.dataproduct
          .DataProductException("Topic '" + topic + "' has no publication " + publication.id()));
    });
    return new TopicReader(this, entry, schema, batchSize);
  }

  @Override
  public Map<String, String> readAttributes(Publication publication) {
    return attributes("receive");
  }

  Map<String, String> attributes(String operation) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("messaging.system", "kafka");
    m.put("messaging.destination.name", topic);
    m.put("messaging.operation.name", operation);
    return m;
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    if (log.entry(publication.id()).isEmpty()) {
      log.refresh();
    }
    return log.contractOf(publication);
  }

  /**
   * The topic as the port's ODCS schema object: {@code physicalName} the topic, {@code
   * physicalType: topic}, per field the type the record format writes (JSON {@code number}).
   */
  @Override
  public Optional<PhysicalSchema> physicalSchema(Schema schema) {
    Map<String, String> types = new LinkedHashMap<>();
    for (Field f : schema.fields()) {
      format.physicalType(f).ifPresent(t -> types.put(f.name(), t));
    }
    return Optional.of(PhysicalSchema.of(topic, "topic", types));
  }

  /** {@code kafka://{first bootstrap server}} and the topic (OpenLineage naming). */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(clients.lineageDataset(topic));
  }

  /**
   * The ODCS server: {@code type: kafka}, the bootstrap servers as {@code host} and the record
   * format. The topic is the schema object's {@code physicalName} ({@link #physicalSchema}): an
   * ODCS kafka server has no {@code topic} property, and a document with one does not validate.
   */
  @Override
  public Map<String, Object> server() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "kafka");
    m.put("host", String.valueOf(clients.properties().get("bootstrap.servers")));
    m.put("format", format.name());
    return m;
  }

  /** What the topic's record format keeps exactly: {@link RecordFormat#valueDomain()}. */
  @Override
  public dev.dataproduct.spi.ValueDomain valueDomain() {
    return format.valueDomain();
  }

  @Override
  public PublicationStore quarantine() {
    return quarantine;
  }

  @Override
  public void close() {
    log.close();
    if (quarantine != null) {
      quarantine.log.close();
      producer.close();
    }
  }

  @Override
  public String toString() {
    return "KafkaStore{" + topic + "}";
  }
}
