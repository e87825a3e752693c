package dev.dataproduct.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.ContinuousRun;
import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.DataProductExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's streaming section, compiled and run against the in-process broker. */
class StreamingReadmeTest {
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  @Test
  void readmeStreamingSnippets_publishConsumeAndRunContinuously() throws Exception {
    String bootstrapServers = EmbeddedKafka.bootstrapServers();
    String ordersTopic = EmbeddedKafka.topic("sales.orders");
    String eventsTopic = EmbeddedKafka.topic("sales.order-events");
    Schema orderSchema = KafkaFixtures.ORDER;
    DataContract contract = KafkaFixtures.orderContract();
    try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
        bootstrapServers))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(ordersTopic, 1,
          (short) 1))).all().get();
    }
    KafkaFixtures.produceOrders(ordersTopic, 1, 40);
    List<RunResult> results = new CopyOnWriteArrayList<>();

    // tag::kafka-output[]
    OutputPort events = KafkaOutputPort.builder("order-events")
        .properties(Map.of("bootstrap.servers", bootstrapServers))
        .topic(eventsTopic)                  // + .quarantine and .publications topics
        .contract(contract)                  // key: the primary key; value: JSON
        .accessPolicy(AccessPolicy.allow("analyst"))
        .build();
    // end::kafka-output[]

    // tag::kafka-continuous[]
    DataProduct orderEvents = DataProduct.builder("order-events")
        .version("1.0.0")
        .domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(KafkaInputPort.builder("orders")
            .properties(Map.of("bootstrap.servers", bootstrapServers))
            .topic(ordersTopic)
            .groupId("order-events")         // its committed offsets: where the product is
            .schema(orderSchema)
            .maxRecords(10_000).maxWait(Duration.ofMillis(100))   // one micro-batch
            .build())
        .output(events)
        .build();

    // every micro-batch is a run: checked, quarantined, traced, published as one transaction
    ContinuousRun stream = orderEvents.runContinuously(ContinuousRun.options()
        .onResult(run -> results.add(run)));
    // ... until the service stops:
    stream.stop();                           // or orderEvents.close(): the batch in progress ends
    // end::kafka-continuous[]
    // (the snippet stops at once; the test restarts the stream and waits for the data)
    stream = orderEvents.runContinuously(ContinuousRun.options().onResult(results::add));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (results.stream().mapToLong(RunResult::rowsWritten).sum() < 40
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    stream.stop();
    assertThat(results.stream().mapToLong(RunResult::rowsWritten).sum()).isEqualTo(40);

    List<Row> rows = new ArrayList<>();
    // tag::kafka-consume[]
    // a consumer reads publications through the port: access policy applied, all or nothing
    try (BatchReader reader = orderEvents.output("order-events")
        .read(Principal.of("ana").withRoles("analyst"), ReadOptions.latest())) {
      for (List<Row> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        rows.addAll(batch);
      }
    }
    // end::kafka-consume[]
    assertThat(rows).isNotEmpty();
    assertThat(rows.size()).isEqualTo(
        orderEvents.output("order-events").latest().orElseThrow().rows());
    orderEvents.close();
  }
}
