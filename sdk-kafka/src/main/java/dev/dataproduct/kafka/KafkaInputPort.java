package dev.dataproduct.kafka;

import dev.dataproduct.InputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.telemetry.Telemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An input port reading a Kafka topic with {@code isolation.level=read_committed}: one read is one
 * micro-batch, at most {@link Builder#maxRecords} records or {@link Builder#maxWait} long, from
 * where the last committed run of the product stopped. Made for {@linkplain
 * dev.dataproduct.DataProduct#runContinuously continuous runs}:
 *
 * <pre>{@code
 * DataProduct revenue = DataProduct.builder("revenue-per-minute")
 *     ...
 *     .input(KafkaInputPort.builder("orders").properties(kafka).topic("sales.orders")
 *         .groupId("revenue-per-minute").schema(Order.SCHEMA).build())
 *     .output(KafkaOutputPort.builder("revenue").properties(kafka).topic("sales.revenue")
 *         .contract(contract).build())
 *     .build();
 * ContinuousRun stream = revenue.runContinuously(ContinuousRun.options());
 * }</pre>
 *
 * <p><b>Guarantees.</b> The consumed offsets are committed only when the run has committed:
 *
 * <ul>
 *   <li>with Kafka output ports, inside the output's transaction ({@code
 *       sendOffsetsToTransaction}): records consumed and records produced commit together, so a
 *       crash anywhere neither loses nor duplicates a record (exactly once). With several Kafka
 *       output ports the offsets commit with the last one; a failure between two ports' commits
 *       makes the earlier ports see that micro-batch again (at least once for them);
 *   <li>with any other output (S3, JDBC, ...), after the run's publications committed: a crash
 *       between the two makes the next run read that micro-batch again (at least once).
 * </ul>
 *
 * <p>A failed run commits nothing and the next read starts again from the same offsets. The port
 * assigns itself every partition of the topic (no group rebalancing): run one instance of a
 * product per group id. Record values are decoded by the port's {@link RecordFormat} (JSON by
 * default) into rows of {@link Builder#schema}; a value that is not a row at all fails the run, or
 * with {@code onMalformed(QUARANTINE)} goes to the product's input quarantine. The port reports
 * {@value #METER_LAG} (records not yet read, a gauge) and {@value #METER_LATENCY} (event
 * timestamp to the commit of the micro-batch that carried it, a timer), tagged {@code product}
 * and {@code port}.
 */
public final class KafkaInputPort implements InputPort {
  /** Gauge: records of the topic not read yet by the port (sum over partitions). */
  public static final String METER_LAG = "dataproduct.stream.lag";
  /** Timer: from a record's timestamp to the commit of the micro-batch that read it. */
  public static final String METER_LATENCY = "dataproduct.stream.latency";

  private final String name;
  private final Schema schema;
  private final StreamConsumer stream;
  private final LineageDataset lineage;

  private KafkaInputPort(Builder b) {
    this.name = b.name;
    this.schema = b.schema;
    KafkaClients clients = new KafkaClients(b.properties);
    this.stream = new StreamConsumer(b.name, b.topic, clients, b.groupId,
        b.maxRecords, b.maxWait, b.onMalformed, b.format.decoder(b.schema), b.telemetry);
    this.lineage = clients.lineageDataset(b.topic);
  }

  /** A builder for a port named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return "kafka";
  }

  /** {@code kafka://{first bootstrap server}} and the topic (OpenLineage naming). */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(lineage);
  }

  @Override
  public BatchReader read(ReadContext context) {
    context.setAttribute("messaging.system", "kafka");
    context.setAttribute("messaging.destination.name", stream.topic());
    context.setAttribute("messaging.consumer.group.name", stream.groupId());
    return stream.read(context, schema);
  }

  @Override
  public boolean awaitData(Duration timeout) {
    return stream.awaitData(timeout);
  }

  @Override
  public void onRunCommitted(ReadContext context) {
    stream.committed(context);
  }

  @Override
  public void close() {
    stream.close();
  }

  @Override
  public String toString() {
    return "KafkaInputPort{" + name + ", topic " + stream.topic() + "}";
  }

  /** Builds a {@link KafkaInputPort}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String topic;
    private String groupId;
    private Schema schema;
    private int maxRecords = 10_000;
    private Duration maxWait = Duration.ofMillis(100);
    private Action onMalformed = Action.FAIL;
    private RecordFormat format = RecordFormat.json();
    private Telemetry telemetry = Telemetry.global();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Client properties (required: {@code bootstrap.servers}; security as needed). */
    public Builder properties(Map<String, ?> properties) {
      Objects.requireNonNull(properties, "properties").forEach((k, v) ->
          this.properties.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
      return this;
    }

    /** The topic (required). */
    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /**
     * The consumer group whose committed offsets say where the product is (required, unless
     * the properties hold {@code group.id}); one per product and port.
     */
    public Builder groupId(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
      return this;
    }

    /** The schema of the records' values (required). */
    public Builder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** The most records one micro-batch reads (default 10,000). */
    public Builder maxRecords(int maxRecords) {
      if (maxRecords < 1) {
        throw new IllegalArgumentException("maxRecords must be >= 1, was " + maxRecords);
      }
      this.maxRecords = maxRecords;
      return this;
    }

    /** The longest one micro-batch reads (default 100 ms). */
    public Builder maxWait(Duration maxWait) {
      Objects.requireNonNull(maxWait, "maxWait");
      if (maxWait.isNegative() || maxWait.isZero()) {
        throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
      }
      this.maxWait = maxWait;
      return this;
    }

    /** What to do with a value that is not a row at all (default: fail the run). */
    public Builder onMalformed(Action action) {
      if (Objects.requireNonNull(action, "action") == Action.WARN) {
        throw new IllegalArgumentException("onMalformed(WARN): a record that is not a row cannot"
            + " be published nor dropped silently; use QUARANTINE or FAIL");
      }
      this.onMalformed = action;
      return this;
    }

    /** The value format (default {@link RecordFormat#json()}). */
    public Builder format(RecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Where the lag and latency meters go (default {@link Telemetry#global()}). */
    public Builder telemetry(Telemetry telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    /**
     * The port.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    public KafkaInputPort build() {
      if (topic == null || schema == null || !properties.containsKey("bootstrap.servers")) {
        throw new IllegalArgumentException("Kafka input port '" + name + "' needs a topic, a"
            + " schema and properties with bootstrap.servers");
      }
      if (groupId == null) {
        Object g = properties.get("group.id");
        if (g == null) {
          throw new IllegalArgumentException("Kafka input port '" + name + "' needs a groupId"
              + " (one per product and port): its committed offsets say where the product is");
        }
        groupId = g.toString();
      }
      return new KafkaInputPort(this);
    }
  }
}
