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
  private static final Object LOCK = new Object();
  private static volatile EmbeddedKafka shared;

  private EmbeddedKafkaExtension() {}

  /** The extension; register it with {@code @RegisterExtension} on a static field. */
  public static EmbeddedKafkaExtension create() {
    return new EmbeddedKafkaExtension();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (shared != null) {
      return;
    }
    synchronized (LOCK) {
      if (shared == null) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        // closed by JUnit when the whole run ends
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .put(EmbeddedKafkaExtension.class.getName(), new Stop(kafka));
        shared = kafka;
      }
    }
  }

  /** Stops the broker at the end of the run (JUnit 5 closes a CloseableResource, 6 either). */
  @SuppressWarnings("deprecation")
  private static final class Stop implements AutoCloseable,
      ExtensionContext.Store.CloseableResource {
    private final EmbeddedKafka kafka;

    Stop(EmbeddedKafka kafka) {
      this.kafka = kafka;
    }

    @Override
    public void close() {
      synchronized (LOCK) {
        if (shared == kafka) {
          shared = null;
          kafka.close();
        }
      }
    }
  }

  /**
   * The broker.
   *
   * @throws IllegalStateException when the extension was not registered on a static field
   */
  public EmbeddedKafka broker() {
    EmbeddedKafka k = shared;
    if (k == null) {
      throw new IllegalStateException("The in-process Kafka broker is not started: register the"
          + " extension on a static field, @RegisterExtension static EmbeddedKafkaExtension"
          + " kafka = EmbeddedKafkaExtension.create()");
    }
    return k;
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
