package dev.dataproduct.examples;

import dev.dataproduct.Classification;
import dev.dataproduct.ContinuousRun;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.kafka.KafkaInputPort;
import dev.dataproduct.kafka.KafkaOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The sales domain's streaming product {@code order-events}: raw order events from the topic
 * {@code sales.orders}, checked per event and published to {@code sales.order-events} in one
 * Kafka transaction per micro-batch, the input offsets committed inside it (exactly once).
 */
public final class OrderStream {
  /** Events the demo sends. */
  public static final int EVENTS = 1_000;
  /** Of which with a negative amount. */
  public static final int NEGATIVE_AMOUNTS = 20;
  /** Of which in a currency the contract does not allow. */
  public static final int UNKNOWN_CURRENCIES = 10;

  /** One order event. */
  public static final Schema ORDER_EVENT = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("customer_email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("currency", FieldType.STRING),
      Field.required("placed_at", FieldType.TIMESTAMP));

  private OrderStream() {}

  /** The contract of the published events: what consumers of the topic can rely on. */
  public static DataContract contract() {
    return DataContract.builder("order-events").version("1.0.0")
        .description("Order events, one per order, checked")
        .schema(ORDER_EVENT)
        .rule(Rules.range("amount", BigDecimal.ZERO, null).id("amount-not-negative"))
        .rule(Rules.allowedValues("currency", "EUR", "USD", "GBP", "CHF").id("known-currency"))
        .freshness(Duration.ofMinutes(5))
        .build();
  }

  /** Builds order-events reading {@code inputTopic} and publishing to {@code outputTopic}. */
  public static DataProduct orderEvents(DemoEnvironment env, String inputTopic,
      String outputTopic) {
    Map<String, Object> kafka = Map.of("bootstrap.servers", env.kafkaBootstrapServers());
    return DataProduct.builder("order-events")
        .version("1.0.0")
        .domain("sales")
        .description("Every order as an event, checked against its contract")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(KafkaInputPort.builder("orders")
            .properties(kafka)
            .topic(inputTopic)
            .groupId("order-events")
            .schema(ORDER_EVENT)
            .maxRecords(250).maxWait(Duration.ofMillis(100))
            .build())
        .output(KafkaOutputPort.builder("order-events")
            .properties(kafka)
            .topic(outputTopic)
            .contract(contract())
            .build())
        .policy(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()))
        .telemetry(env.telemetry())
        .build();
  }

  /** Creates {@code topic} (one partition) and sends {@link #EVENTS} raw JSON events to it. */
  public static void sendRawEvents(DemoEnvironment env, String topic) throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", env.kafkaBootstrapServers());
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
          .get(60, TimeUnit.SECONDS);
    }
    Instant start = Instant.parse("2026-11-30T08:00:00Z");
    String[] countries = {"PT", "ES", "FR", "DE"};
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", env.kafkaBootstrapServers(), "acks", "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 1; i <= EVENTS; i++) {
        boolean negative = i % (EVENTS / NEGATIVE_AMOUNTS) == 0;
        boolean unknownCurrency = !negative && i % (EVENTS / UNKNOWN_CURRENCIES) == 7;
        String json = "{\"order_id\":" + i
            + ",\"customer_email\":\"customer" + (i % 97) + "@shop.example\""
            + ",\"country\":\"" + countries[i % countries.length] + "\""
            + ",\"amount\":" + (negative ? "-" : "") + (10 + i % 90) + "." + (i % 10) + "0"
            + ",\"currency\":\"" + (unknownCurrency ? "XXX" : "EUR") + "\""
            + ",\"placed_at\":\"" + start.plusSeconds(i) + "\"}";
        producer.send(new ProducerRecord<>(topic,
            Integer.toString(i).getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * Runs {@code product} continuously until it has read {@code events} events (or {@code
   * timeout} passed), then stops it gracefully; returns every micro-batch's result.
   */
  public static List<RunResult> runUntilRead(DataProduct product, long events, Duration timeout)
      throws InterruptedException {
    List<RunResult> results = new CopyOnWriteArrayList<>();
    ContinuousRun stream = product.runContinuously(ContinuousRun.options()
        .idleWait(Duration.ofMillis(100)).onResult(results::add));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (results.stream().mapToLong(RunResult::rowsRead).sum() < events
        && System.nanoTime() < deadline && stream.isRunning()) {
      Thread.sleep(50);
    }
    stream.stop();
    return List.copyOf(results);
  }
}
