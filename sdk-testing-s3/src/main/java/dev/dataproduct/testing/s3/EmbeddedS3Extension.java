package dev.dataproduct.testing.s3;

import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * JUnit 5 extension giving tests an in-process S3 server ({@link EmbeddedS3}, in memory). One
 * server serves every test class of the JVM: started by the first class that registers the
 * extension, stopped when the test run ends. Give each test its own bucket with {@link
 * #newBucket()}.
 *
 * <pre>{@code
 * @RegisterExtension static EmbeddedS3Extension s3 = EmbeddedS3Extension.create();
 *
 * @Test void publishes() {
 *   String bucket = s3.newBucket();
 *   OutputPort lake = S3OutputPort.builder("lake").client(s3.client()).bucket(bucket)...
 * }
 * }</pre>
 *
 * <p>Dependency: {@code dev.dataproduct:sdk-testing-s3}, test scope.
 */
public final class EmbeddedS3Extension implements BeforeAllCallback {
  private static final Object LOCK = new Object();
  private static volatile EmbeddedS3 shared;

  private EmbeddedS3Extension() {}

  /** The extension; register it with {@code @RegisterExtension} on a static field. */
  public static EmbeddedS3Extension create() {
    return new EmbeddedS3Extension();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (shared != null) {
      return;
    }
    synchronized (LOCK) {
      if (shared == null) {
        EmbeddedS3 s3 = EmbeddedS3.start();
        // closed by JUnit when the whole run ends
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .put(EmbeddedS3Extension.class.getName(), new Stop(s3));
        shared = s3;
      }
    }
  }

  /** Stops the server at the end of the run (JUnit 5 closes a CloseableResource, 6 either). */
  @SuppressWarnings("deprecation")
  private static final class Stop implements AutoCloseable,
      ExtensionContext.Store.CloseableResource {
    private final EmbeddedS3 s3;

    Stop(EmbeddedS3 s3) {
      this.s3 = s3;
    }

    @Override
    public void close() {
      synchronized (LOCK) {
        if (shared == s3) {
          shared = null;
          s3.close();
        }
      }
    }
  }

  /**
   * The server.
   *
   * @throws IllegalStateException when the extension was not registered on a static field
   */
  public EmbeddedS3 server() {
    EmbeddedS3 s = shared;
    if (s == null) {
      throw new IllegalStateException("The in-process S3 server is not started: register the"
          + " extension on a static field, @RegisterExtension static EmbeddedS3Extension s3 ="
          + " EmbeddedS3Extension.create()");
    }
    return s;
  }

  /** A client of the server (shared by the tests: do not close it). */
  public S3Client client() {
    return server().client();
  }

  /** The server's endpoint. */
  public URI endpoint() {
    return server().endpoint();
  }

  /** Creates a bucket with a fresh name and returns the name. */
  public String newBucket() {
    return server().newBucket();
  }
}
