package dev.dataproduct.kafka;

import static dev.dataproduct.kafka.KafkaFixtures.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.ContinuousRun;
import dev.dataproduct.DataProduct;
import dev.dataproduct.policy.Action;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Transform;
import dev.dataproduct.testing.DataProductExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Continuous Kafka-to-Kafka runs: micro-batches, exactly once, rewinding after a failure. */
class KafkaStreamingTest {
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private DataProduct product(String name, String in, String out, Transform transform,
      int maxRecords) {
    return DataProduct.builder(name).version("1.0.0").domain("sales")
        .owner(Owner.business("biz@example.com"), Owner.technical("sales-eng"))
        .input(KafkaInputPort.builder("orders").properties(EmbeddedKafka.properties())
            .topic(in).groupId(name).schema(ORDER).maxRecords(maxRecords)
            .maxWait(Duration.ofMillis(200)).onMalformed(Action.QUARANTINE)
            .telemetry(dp.telemetry()).build())
        .transform(transform)
        .output(KafkaOutputPort.builder("orders-out").properties(EmbeddedKafka.properties())
            .topic(out).contract(KafkaFixtures.orderContract()).build())
        .telemetry(dp.telemetry())
        .batchSize(50)
        .build();
  }

  /** How long an output may gain nothing before the stream counts as stalled. */
  private static final Duration STALL = Duration.ofSeconds(60);

  private static List<Long> range(int from, int to) {
    return LongStream.range(from, to).boxed().toList();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** The offset of the record of {@code topic} whose value is {@code value}. */
  private static long offsetOf(String topic, String value) {
    return KafkaFixtures.readCommitted(topic).stream()
        .filter(r -> value.equals(KafkaFixtures.text(r.value()))).findFirst().orElseThrow()
        .offset();
  }

  @Test
  void continuousRun_publishesEveryRecordOnce_inMicroBatches_andCommitsOffsetsWithThem()
      throws Exception {
    String in = EmbeddedKafka.topic("stream-in");
    String out = EmbeddedKafka.topic("stream-out");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(in, 2, (short) 1)))
          .all().get();
    }
    KafkaFixtures.produceOrders(in, 0, 300);
    List<RunResult> results = new CopyOnWriteArrayList<>();
    try (DataProduct product = product("stream-once", in, out, dev.dataproduct.Transforms
        .identity(), 100)) {
      ContinuousRun stream = product.runContinuously(ContinuousRun.options()
          .idleWait(Duration.ofMillis(100)).onResult(results::add));
      KafkaFixtures.awaitKeys(out, range(0, 300), STALL);
      KafkaFixtures.produceOrders(in, 300, 50);
      KafkaFixtures.awaitKeys(out, range(0, 350), STALL);
      Thread.sleep(300); // idle micro-batches would show up now
      stream.stop();
      assertThat(stream.isRunning()).isFalse();

      List<Long> ids = KafkaFixtures.keys(out);
      assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(range(0, 350));
      assertThat(results).hasSizeGreaterThanOrEqualTo(4)
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED));
      assertThat(results).allSatisfy(r -> assertThat(r.rowsWritten()).isPositive());
      assertThat(results.stream().mapToLong(RunResult::rowsWritten).sum()).isEqualTo(350);
      List<Publication> pubs = product.output("orders-out").publications();
      assertThat(pubs).hasSize(results.size());
      assertThat(pubs.stream().mapToLong(Publication::rows).sum()).isEqualTo(350);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers",
          EmbeddedKafka.bootstrapServers()))) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
            .listConsumerGroupOffsets("stream-once").partitionsToOffsetAndMetadata().get();
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
            .isEqualTo(350);
      }
      assertThat(dp.meters().find(KafkaInputPort.METER_LATENCY).timer())
          .isNotNull().satisfies(t -> assertThat(t.count()).isEqualTo(350));
      assertThat(dp.meters().find(KafkaInputPort.METER_LAG).gauge()).isNotNull()
          .satisfies(g -> assertThat(g.value()).isZero());
    }
  }

  @Test
  void failedMicroBatch_publishesNothing_andItsRecordsAreReadAgain() throws Exception {
    String in = EmbeddedKafka.topic("retry-in");
    String out = EmbeddedKafka.topic("retry-out");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(in, 1, (short) 1)))
          .all().get();
    }
    KafkaFixtures.produceOrders(in, 0, 120);
    AtomicBoolean failOnce = new AtomicBoolean(true);
    Transform flaky = ctx -> {
      int n = 0;
      for (Row r : ctx.rows("orders")) {
        ctx.emit(r);
        if (++n == 30 && r.getLong("order_id") >= 40 && failOnce.getAndSet(false)) {
          throw new IllegalStateException("transform fails once, half-way");
        }
      }
    };
    List<RunResult> results = new CopyOnWriteArrayList<>();
    try (DataProduct product = product("stream-retry", in, out, flaky, 40)) {
      ContinuousRun stream = product.runContinuously(ContinuousRun.options()
          .idleWait(Duration.ofMillis(100)).backoff(Duration.ofMillis(50))
          .onResult(results::add));
      KafkaFixtures.awaitKeys(out, range(0, 120), STALL);
      stream.stop();
    }
    assertThat(results).anySatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED));
    List<Long> ids = KafkaFixtures.keys(out);
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(range(0, 120));
  }

  @Test
  void inputTopicCreatedAfterAFailedRun_theNextRunReadsItFromTheStart() throws Exception {
    String in = EmbeddedKafka.topic("late-in");
    String out = EmbeddedKafka.topic("late-out");
    try (DataProduct product = product("stream-late", in, out,
        dev.dataproduct.Transforms.identity(), 100)) {
      RunResult missing = product.run();
      assertThat(missing.outcome()).isEqualTo(RunOutcome.FAILED);
      assertThat(missing.error()).get().extracting(Throwable::getMessage).asString()
          .contains("Topic '" + in + "' does not exist");

      try (Admin admin = Admin.create(Map.of("bootstrap.servers",
          EmbeddedKafka.bootstrapServers()))) {
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(in, 2, (short) 1)))
            .all().get();
      }
      KafkaFixtures.produceOrders(in, 0, 40);
      RunResult created = product.run();
      assertThat(created.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
      assertThat(created.rowsRead()).isEqualTo(40);
      assertThat(KafkaFixtures.awaitKeys(out, range(0, 40), STALL)).hasSize(40);
    }
  }

  @Test
  void malformedValue_goesToInputQuarantine_andTheRestIsPublished() throws Exception {
    String in = EmbeddedKafka.topic("malformed-in");
    String out = EmbeddedKafka.topic("malformed-out");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(in, 1, (short) 1)))
          .all().get();
    }
    KafkaFixtures.produceRaw(in, "{\"order_id\":1,\"country\":\"PT\",\"amount\":1.50}",
        "not json at all", "{\"order_id\":2,\"country\":\"ES\",\"amount\":2.50}");
    try (DataProduct product = product("stream-malformed", in, out,
        dev.dataproduct.Transforms.identity(), 100)) {
      RunResult run = product.run();
      assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);
      assertThat(run.rowsRead()).isEqualTo(3);
      assertThat(run.rowsWritten()).isEqualTo(2);
      assertThat(run.quarantined("orders", Quarantine.MALFORMED_RULE_ID)).isEqualTo(1);
      // a transaction's commit markers reach the partitions just after the commit returns
      await(() -> !KafkaFixtures.readCommitted(out + ".quarantine").isEmpty(),
          "the quarantined record");
      List<ConsumerRecord<byte[], byte[]>> q = KafkaFixtures.readCommitted(out + ".quarantine");
      assertThat(q).hasSize(1);
      assertThat(KafkaFixtures.text(q.get(0).value())).contains("not json at all");
      assertThat(KafkaFixtures.text(q.get(0).headers().lastHeader("dataproduct.rule.id").value()))
          .isEqualTo(Quarantine.MALFORMED_RULE_ID);
      assertThat(KafkaFixtures.text(q.get(0).headers().lastHeader("dataproduct.reason").value()))
          .contains("offset " + offsetOf(in, "not json at all"));
      // the next run reads nothing new
      RunResult again = product.run();
      assertThat(again.rowsRead()).isZero();
    }
  }
}
