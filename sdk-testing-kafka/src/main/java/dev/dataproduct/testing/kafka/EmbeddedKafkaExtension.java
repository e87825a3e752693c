package dev.dataproduct.testing.kafka;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving tests an in-process Kafka broker ({@link EmbeddedKafka}). One broker
 * serves every test class of the JVM (starting one takes seconds): started by the first class
 * that registers the extension, stopped when the test run ends. Give each test its own topics
 * with {@link #newTopicName(String)}.
 *
 * <pre>{@code
 * @RegisterExtension static EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.create();
 *
 * @Test void publishes() {
 *   OutputPort events = KafkaOutputPort.builder("order-events")
 *       .properties(kafka.properties()).topic(kafka.newTopicName("order-events"))...
 * }
 * }</pre>
 *
 * <p>Dependency: {@code dev.dataproduct:sdk-testing-kafka}, test scope.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback {
  private volatile EmbeddedKafka kafka;

  private EmbeddedKafkaExtension() {}

  /** The extension; register it with {@code @RegisterExtension} on a static field. */
  public static EmbeddedKafkaExtension create() {
    return new EmbeddedKafkaExtension();
  }

  @Override
  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: in JUnit 5 and 6
  public void beforeAll(ExtensionContext context) {
    // one per test run: JUnit's root store starts it once and closes it when the run ends
    kafka = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Shared.class, k -> new Shared(EmbeddedKafka.start()), Shared.class)
        .kafka;
  }

  /** The run's broker: JUnit closes it when the run ends (a CloseableResource for JUnit 5). */
  @SuppressWarnings("deprecation")
  private static final class Shared implements AutoCloseable,
      ExtensionContext.Store.CloseableResource {
    final EmbeddedKafka kafka;

    Shared(EmbeddedKafka kafka) {
      this.kafka = kafka;
    }

    @Override
    public void close() {
      kafka.close();
    }
  }

  /**
   * The broker.
   *
   * @throws IllegalStateException when the extension was not registered on a static field
   */
  public EmbeddedKafka broker() {
    EmbeddedKafka s = kafka;
    if (s == null) {
      throw new IllegalStateException("The in-process Kafka broker is not started: register the"
          + " extension on a static field, @RegisterExtension static EmbeddedKafkaExtension"
          + " kafka = EmbeddedKafkaExtension.create()");
    }
    return s;
  }

  /** The broker's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** Client properties for the broker ({@code bootstrap.servers}). */
  public Map<String, Object> properties() {
    return broker().properties();
  }

  /** A topic name no other test of the JVM gets, starting with {@code base}. */
  public String newTopicName(String base) {
    return broker().newTopicName(base);
  }
}
