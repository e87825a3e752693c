package dev.dataproduct.kafka;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One in-process KRaft broker (controller and broker combined) per test JVM, shared by every
 * test class of the module: starting one takes 5-10 s. Started on first use, stopped when the JVM
 * exits. Tests use fresh topic names ({@link #topic}) so they do not see each other's data.
 */
final class EmbeddedKafka {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static KafkaClusterTestKit cluster;

  private EmbeddedKafka() {}

  static synchronized String bootstrapServers() {
    if (cluster == null) {
      try {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "2")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "2")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("num.partitions", "2")
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
            .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        cluster = kit;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            kit.close();
          } catch (Exception e) {
            // the JVM is going away
          }
        }, "embedded-kafka-stop"));
      } catch (Exception e) {
        throw new IllegalStateException("Starting the embedded Kafka broker failed", e);
      }
    }
    return cluster.bootstrapServers();
  }

  /** Client properties for the broker. */
  static Map<String, Object> properties() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  /** A topic name no other test uses. */
  static String topic(String base) {
    return base + "-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
  }
}
