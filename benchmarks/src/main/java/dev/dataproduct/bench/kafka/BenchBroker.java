package dev.dataproduct.bench.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** The broker of the Kafka benchmarks: in-process KRaft, or {@code DATAPRODUCT_BENCH_KAFKA}. */
final class BenchBroker implements AutoCloseable {
  private final KafkaClusterTestKit kit;
  final String bootstrap;

  BenchBroker() throws Exception {
    String external = System.getenv("DATAPRODUCT_BENCH_KAFKA");
    if (external != null) {
      kit = null;
      bootstrap = external;
      return;
    }
    kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
        .setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    kit.format();
    kit.startup();
    kit.waitForReadyBrokers();
    bootstrap = kit.bootstrapServers();
  }

  void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  @Override
  public void close() throws Exception {
    if (kit != null) {
      kit.close();
    }
  }
}
