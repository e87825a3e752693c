package dev.dataproduct.kafka;

import dev.dataproduct.OutputPort;
import dev.dataproduct.spi.PublicationStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An output port publishing to a Kafka topic. A publication is one Kafka transaction: every
 * accepted row of a run is produced inside it and the run's commit commits it, so consumers
 * reading with {@code isolation.level=read_committed} see all of a publication or none of it; a
 * failed run aborts it.
 *
 * <pre>{@code
 * OutputPort orders = KafkaOutputPort.builder("order-events")
 *     .properties(Map.of("bootstrap.servers", "broker:9092"))
 *     .topic("sales.order-events")
 *     .contract(contract)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Records</b>: the key is the row's primary key (see {@code RecordKeys}: the canonical
 *       text of one key field, a JSON array of texts for several, a salted SHA-256 when a key
 *       field is classified); the value is the row in the port's {@link RecordFormat} (JSON by
 *       default); headers {@code dataproduct.product}, {@code dataproduct.port}, {@code
 *       dataproduct.publication.id} and {@code dataproduct.contract.version}, never a field
 *       value.
 *   <li><b>Publication log</b>: the compacted topic {@code <topic>.publications}, written in the
 *       same transaction, holds each publication's id, offsets per partition, row count, run id
 *       and contract. Ids are monotonic per port across restarts, and {@code publications()},
 *       {@code latest()}, reads of a given publication and the breaking-change gate work as for
 *       every other store.
 *   <li><b>Quarantine</b>: rejected rows go to {@code <topic>.quarantine} as {@link
 *       dev.dataproduct.Quarantine#SCHEMA} records (rule id and reason also as headers), in the
 *       publication's transaction; when the publication aborts they are stored in a transaction
 *       of their own, so they are never lost.
 *   <li><b>Fencing</b>: the producer's {@code transactional.id} is {@code
 *       dataproduct.<product>.<port>} (unless the properties set one). Starting the product
 *       again (after a crash, or elsewhere) aborts the transaction the old instance left open and
 *       fences that instance: it can publish no more.
 * </ul>
 *
 * <p>Publications of one port are serialized (one transaction at a time on its producer):
 * concurrent runs wait for each other. Missing topics are created (the data and quarantine
 * topics with the broker's defaults or {@link Builder#partitions}, the logs compacted, one
 * partition) when the port is built.
 */
public final class KafkaOutputPort {
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private KafkaOutputPort() {}

  /** A builder for a port named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a Kafka output port. */
  public static final class Builder extends OutputPort.Builder<Builder> {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String topic;
    private RecordFormat format = RecordFormat.json();
    private Integer partitions;
    private Short replication;
    private boolean createTopics = true;
    private String keySalt;

    private Builder(String name) {
      super(name);
    }

    /**
     * Client properties (required: {@code bootstrap.servers}; security settings as needed),
     * used for the port's producer, the consumers reading its publications and the admin client
     * creating topics; each gets the keys it knows. The SDK sets the producer's {@code
     * enable.idempotence}, {@code acks=all}, serializers and (unless given) {@code
     * transactional.id}, and {@code isolation.level=read_committed} on consumers. {@code
     * transaction.timeout.ms} defaults to 10 minutes (Kafka's 60 s would abort a long batch
     * publication); a transaction a crashed process left open holds back {@code read_committed}
     * consumers until then or until the product starts again. Unless given, {@code linger.ms}
     * is 5 and {@code batch.size} 256 KB; {@code compression.type} is left to Kafka (none):
     * {@code lz4} is the usual choice where the network or the brokers' disks cost more than the
     * producer's CPU (BENCHMARKS.md measures it).
     */
    public Builder properties(Map<String, ?> properties) {
      Objects.requireNonNull(properties, "properties").forEach((k, v) ->
          this.properties.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
      return this;
    }

    /** The topic (required). */
    public Builder topic(String topic) {
      Objects.requireNonNull(topic, "topic");
      if (!TOPIC.matcher(topic).matches()) {
        throw new IllegalArgumentException("Invalid topic name '" + topic
            + "': use letters, digits and . _ - (at most 200 characters)");
      }
      this.topic = topic;
      return this;
    }

    /** The value format (default {@link RecordFormat#json()}). */
    public Builder format(RecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Partitions and replication factor of topics the port creates (default: the broker's). */
    public Builder partitions(int partitions, short replicationFactor) {
      if (partitions < 1 || replicationFactor < 1) {
        throw new IllegalArgumentException("Partitions and replication factor must be >= 1, were "
            + partitions + " and " + replicationFactor);
      }
      this.partitions = partitions;
      this.replication = replicationFactor;
      return this;
    }

    /** Do not create missing topics (they must exist: data, quarantine and both logs). */
    public Builder existingTopicsOnly() {
      this.createTopics = false;
      return this;
    }

    /**
     * The salt of hashed keys, used when a primary-key field is classified pii, confidential or
     * restricted (default: {@code dataproduct:<topic>}; set a secret one in production).
     */
    public Builder keySalt(String salt) {
      this.keySalt = Objects.requireNonNull(salt, "salt");
      return this;
    }

    @Override
    protected PublicationStore createStore() {
      if (topic == null) {
        throw new IllegalArgumentException("Kafka output port '" + name() + "' has no topic");
      }
      KafkaClients clients = new KafkaClients(properties);
      if (createTopics) {
        String q = topic + ".quarantine";
        List<String> plain = new ArrayList<>(List.of(topic, q));
        clients.createTopics(plain, List.of(topic + PublicationLog.SUFFIX,
            q + PublicationLog.SUFFIX), Optional.ofNullable(partitions),
            Optional.ofNullable(replication));
      }
      Object configuredId = properties.get("transactional.id");
      TxnProducer producer = new TxnProducer(clients,
          configuredId == null ? null : configuredId.toString());
      return new TopicStore(topic, clients, producer, format,
          keySalt != null ? keySalt : "dataproduct:" + topic, false);
    }
  }
}
