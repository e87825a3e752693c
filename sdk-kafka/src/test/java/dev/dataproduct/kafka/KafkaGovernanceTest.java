package dev.dataproduct.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.Transform;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fencing, the breaking-change gate, access decisions and classified values on Kafka. */
class KafkaGovernanceTest {
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private DataProduct product(String name, List<Row> rows, Transform transform, OutputPort out) {
    return DataProduct.builder(name).version("1.0.0").domain("sales")
        .owner(Owner.business("biz@example.com"), Owner.technical("sales-eng"))
        .input(InMemoryInputPort.of("orders", out.contract().schema(), rows))
        .transform(transform).output(out).telemetry(dp.telemetry()).batchSize(5).build();
  }

  private static KafkaOutputPort.Builder port(String topic) {
    return KafkaOutputPort.builder("orders-out").properties(EmbeddedKafka.properties())
        .topic(topic);
  }

  @Test
  void lineageAndContractDocument_nameTheBrokerAndTopic_withTheRecordFormatsTypes() {
    String topic = EmbeddedKafka.topic("described");
    OutputPort out = port(topic).contract(KafkaFixtures.orderContract()).build();
    InputPort in = KafkaInputPort.builder("orders-in").properties(EmbeddedKafka.properties())
        .topic(topic).groupId("described").schema(KafkaFixtures.ORDER).build();
    String broker = EmbeddedKafka.bootstrapServers().split(",")[0];

    try {
      assertThat(PortStorage.store(out).lineageDataset())
          .contains(LineageDataset.of("kafka://" + broker, topic));
      assertThat(in.lineageDataset()).contains(LineageDataset.of("kafka://" + broker, topic));
      // the document reads back (an ODCS kafka server has no topic: it is the physicalName)
      PhysicalSchema physical = DataContracts.fromYaml(out.contractDocument()).physical()
          .orElseThrow();
      assertThat(physical.name()).contains(topic);
      assertThat(physical.type()).contains("topic");
      assertThat(physical.columnTypes()).containsEntry("order_id", "integer")
          .containsEntry("amount", "number");
    } finally {
      in.close();
      PortStorage.store(out).close();
    }
  }

  @Test
  void zombieProducer_isFencedByANewerInstance_andItsPublicationNeverAppears() {
    String topic = EmbeddedKafka.topic("zombie");
    DataProduct newer = product("zombie", CrashChild.orders(100, 3),
        dev.dataproduct.Transforms.identity(),
        port(topic).contract(KafkaFixtures.orderContract()).build());
    List<RunResult> newerRuns = new ArrayList<>();
    Transform startsNewerHalfWay = ctx -> {
      int n = 0;
      for (Row r : ctx.rows("orders")) {
        ctx.emit(r);
        if (++n == 10) {
          newerRuns.add(newer.run()); // another instance of the product takes over the port
        }
      }
    };
    DataProduct zombie = product("zombie", CrashChild.orders(1, 20), startsNewerHalfWay,
        port(topic).contract(KafkaFixtures.orderContract()).build());

    RunResult zombieRun = zombie.run();

    assertThat(newerRuns).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED));
    assertThat(zombieRun.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(zombieRun.error()).get().isInstanceOf(StorageException.class)
        .extracting(Throwable::getMessage).asString().contains("fenced");
    List<Long> keys = new ArrayList<>();
    KafkaFixtures.readCommitted(topic).forEach(r -> keys.add(Long.parseLong(
        KafkaFixtures.text(r.key()))));
    assertThat(keys).containsExactlyInAnyOrder(100L, 101L, 102L);
    assertThat(newer.output("orders-out").publications()).singleElement()
        .extracting(Publication::rows).isEqualTo(3L);
    // the fenced instance stays fenced
    assertThat(zombie.run().error()).get().isInstanceOf(StorageException.class);
    zombie.close();
    newer.close();
  }

  @Test
  void breakingContractChange_isRefused_evenByAFreshPortInstance() {
    String topic = EmbeddedKafka.topic("gate");
    product("gate", CrashChild.orders(1, 3), dev.dataproduct.Transforms.identity(),
        port(topic).contract(KafkaFixtures.orderContract()).build()).run().orThrow();

    Schema withoutCountry = Schema.of(KafkaFixtures.ORDER.field("order_id"),
        KafkaFixtures.ORDER.field("amount"));
    DataContract breaking = DataContract.builder("orders").version("1.1.0")
        .schema(withoutCountry).build();
    List<Row> rows = List.of(Row.of(withoutCountry, 9L, new BigDecimal("1.00")));
    OutputPort restarted = port(topic).contract(breaking).build();
    RunResult run = product("gate", rows, dev.dataproduct.Transforms.identity(), restarted).run();

    assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(run.error()).get().isInstanceOf(IncompatibleContractException.class)
        .extracting(Throwable::getMessage).asString().contains("country");
    assertThat(restarted.publications()).singleElement().extracting(Publication::rows)
        .isEqualTo(3L);
    assertThat(dev.dataproduct.spi.PortStorage.store(restarted).contractOf(restarted.latest().orElseThrow())).get()
        .extracting(c -> c.version().toString()).isEqualTo("1.0.0");
  }

  @Test
  void deniedConsumer_getsNothing_grantedOneReadsThePublication() {
    String topic = EmbeddedKafka.topic("access");
    DataProduct p = product("access", CrashChild.orders(1, 4),
        dev.dataproduct.Transforms.identity(), port(topic).contract(KafkaFixtures.orderContract())
            .accessPolicy(AccessPolicy.allow("analyst")).build());
    p.run().orThrow();

    assertThatThrownBy(() -> p.read("orders-out", Principal.of("mallory"), ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class);
    List<Row> rows = new ArrayList<>();
    try (BatchReader r = p.read("orders-out", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        rows.addAll(b);
      }
    }
    assertThat(rows).extracting(r -> r.getLong("order_id")).containsExactlyInAnyOrder(1L, 2L,
        3L, 4L);
    p.close();
  }

  @Test
  void piiValues_neverReachKeysHeadersSpansOrLogs() {
    String canary = "canary-5e1c@pii.example";
    Schema schema = Schema.of(
        Field.required("email", FieldType.STRING).asPrimaryKey()
            .withClassification(Classification.PII),
        Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));
    DataContract contract = DataContract.builder("customers").version("1.0.0").schema(schema)
        .rule(Rules.range("amount", BigDecimal.ZERO, null))
        .rule(Rules.pattern("email", "[a-z]+@example\\.com")).build();
    List<Row> rows = List.of(
        Row.of(schema, "ana@example.com", new BigDecimal("1.00")),
        Row.of(schema, canary, new BigDecimal("2.00")),
        Row.of(schema, "x" + canary, new BigDecimal("-3.00")));
    String topic = EmbeddedKafka.topic("pii");
    DataProduct p = product("pii", rows, dev.dataproduct.Transforms.identity(),
        port(topic).contract(contract).build());

    PrintStream err = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    RunResult run;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      run = p.run();
    } finally {
      System.setErr(err);
    }

    assertThat(run.rowsWritten()).isEqualTo(1);
    assertThat(run.rowsQuarantined()).isEqualTo(2);
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(KafkaFixtures.readCommitted(topic));
    List<ConsumerRecord<byte[], byte[]>> quarantined =
        KafkaFixtures.readCommitted(topic + ".quarantine");
    assertThat(quarantined).hasSize(2);
    all.addAll(quarantined);
    for (ConsumerRecord<byte[], byte[]> r : all) {
      assertThat(KafkaFixtures.text(r.key()) == null ? "" : KafkaFixtures.text(r.key()))
          .doesNotContain("@");
      for (Header h : r.headers()) {
        assertThat(KafkaFixtures.text(h.value())).as("header %s", h.key())
            .doesNotContain(canary).doesNotContain("ana@");
      }
    }
    // the key of a classified primary key is a salted hash, stable per value
    assertThat(KafkaFixtures.readCommitted(topic)).singleElement()
        .satisfies(r -> assertThat(KafkaFixtures.text(r.key())).matches("[0-9a-f]{64}"));
    assertThat(dp.spans()).allSatisfy(s -> {
      assertThat(s.getAttributes().toString()).doesNotContain(canary);
      s.getEvents().forEach(e -> assertThat(e.getAttributes().toString())
          .doesNotContain(canary));
    });
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(canary);
    p.close();
  }
}
