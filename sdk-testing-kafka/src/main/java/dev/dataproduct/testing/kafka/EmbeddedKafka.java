package dev.dataproduct.testing.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node (controller and broker combined) on
 * ephemeral loopback ports, with transactions and {@code read_committed} working (replication
 * factors 1), built on Kafka's own {@code KafkaClusterTestKit}. Use it as a plain object in a
 * {@code main} or a demo, or through {@link EmbeddedKafkaExtension} in JUnit 5 tests.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   OutputPort events = KafkaOutputPort.builder("order-events")
 *       .properties(kafka.properties())
 *       .topic(kafka.newTopicName("sales.order-events"))
 *       .contract(contract).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Start takes 3-10 s. Topics are not created automatically (as on most production clusters);
 * the SDK's Kafka ports create the topics they own. The broker, its controller and the clients of
 * the JVM log at WARN and above unless you configured them: the levels are set for slf4j-simple
 * when this class loads (system properties {@code org.slf4j.simpleLogger.log.kafka} etc., left
 * alone when already set); with another slf4j backend, set the loggers {@code kafka}, {@code
 * org.apache.kafka} and {@code state.change.logger} to WARN in its configuration.
 *
 * <p>Not for production data: one node, no replication, data in a temporary directory removed
 * by {@link #close()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final AtomicInteger TOPICS = new AtomicInteger();

  static {
    QuietLogs.apply();
  }

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.bootstrapServers = cluster.bootstrapServers();
  }

  /**
   * Starts a broker and waits until it is ready.
   *
   * @throws IllegalStateException when it does not start (the cause says why)
   */
  public static EmbeddedKafka start() {
    KafkaClusterTestKit kit = null;
    try {
      kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
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
      formatQuietly(kit);
      kit.startup();
      kit.waitForReadyBrokers();
      return new EmbeddedKafka(kit);
    } catch (Exception e) {
      if (kit != null) {
        try {
          kit.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Starting the in-process Kafka broker failed", e);
    }
  }

  /**
   * Formats the node's storage. Kafka's storage formatter prints its bootstrap metadata to {@code
   * System.out} (the test kit gives it no other stream); those lines are discarded, for the few
   * milliseconds formatting takes.
   */
  private static void formatQuietly(KafkaClusterTestKit kit) throws Exception {
    synchronized (System.class) {
      PrintStream out = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), false,
          StandardCharsets.UTF_8));
      try {
        kit.format();
      } finally {
        System.setOut(out);
      }
    }
  }

  /** The {@code bootstrap.servers} of the broker ({@code host:port}). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Client properties for the broker: {@code bootstrap.servers}, nothing else. */
  public Map<String, Object> properties() {
    return Map.of("bootstrap.servers", bootstrapServers);
  }

  /**
   * A topic name that no other caller of this JVM gets, starting with {@code base}: give each
   * test its own topics so tests do not see each other's records.
   */
  public String newTopicName(String base) {
    Objects.requireNonNull(base, "base");
    return base + "-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
  }

  /** Stops the broker and removes its data. */
  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Stopping the in-process Kafka broker failed", e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka{" + bootstrapServers + "}";
  }
}
