package dev.dataproduct.kafka;

import java.util.Map;

/**
 * One in-process broker ({@code sdk-testing-kafka}'s {@link
 * dev.dataproduct.testing.kafka.EmbeddedKafka}) per test JVM, shared by every test class of the
 * module: starting one takes seconds. Started on first use, stopped when the JVM exits. Tests use
 * fresh topic names ({@link #topic}) so they do not see each other's data.
 */
final class EmbeddedKafka {
  private static dev.dataproduct.testing.kafka.EmbeddedKafka broker;

  private EmbeddedKafka() {}

  private static synchronized dev.dataproduct.testing.kafka.EmbeddedKafka broker() {
    if (broker == null) {
      dev.dataproduct.testing.kafka.EmbeddedKafka started =
          dev.dataproduct.testing.kafka.EmbeddedKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-stop"));
      broker = started;
    }
    return broker;
  }

  static String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** Client properties for the broker. */
  static Map<String, Object> properties() {
    return broker().properties();
  }

  /** A topic name no other test uses. */
  static String topic(String base) {
    return broker().newTopicName(base);
  }
}
