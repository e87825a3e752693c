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
  private volatile EmbeddedS3 s3;

  private EmbeddedS3Extension() {}

  /** The extension; register it with {@code @RegisterExtension} on a static field. */
  public static EmbeddedS3Extension create() {
    return new EmbeddedS3Extension();
  }

  @Override
  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: in JUnit 5 and 6
  public void beforeAll(ExtensionContext context) {
    // one per test run: JUnit's root store starts it once and closes it when the run ends
    s3 = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Shared.class, k -> new Shared(EmbeddedS3.start()), Shared.class)
        .s3;
  }

  /** The run's server: JUnit closes it when the run ends (a CloseableResource for JUnit 5). */
  @SuppressWarnings("deprecation")
  private static final class Shared implements AutoCloseable,
      ExtensionContext.Store.CloseableResource {
    final EmbeddedS3 s3;

    Shared(EmbeddedS3 s3) {
      this.s3 = s3;
    }

    @Override
    public void close() {
      s3.close();
    }
  }

  /**
   * The server.
   *
   * @throws IllegalStateException when the extension was not registered on a static field
   */
  public EmbeddedS3 server() {
    EmbeddedS3 s = s3;
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
