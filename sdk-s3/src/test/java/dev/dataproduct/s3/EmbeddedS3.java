package dev.dataproduct.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server in the test JVM: S3Proxy (in-memory by default) behind an AWS SDK v2
 * client. One server per JVM, started on first use and stopped when the test run ends; each test
 * class gets fresh buckets from {@link #newBucket()}.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.create();
 *
 * @Test void roundTrip() {
 *   String bucket = S3.newBucket();
 *   S3Client s3 = S3.client();
 *   ...
 * }
 * }</pre>
 *
 * <p>The starter ({@link #start(BlobStore)}) is deliberately small so it can be copied into other
 * modules (examples) or moved to sdk-testing behind an optional dependency.
 */
public final class EmbeddedS3 implements BeforeAllCallback {
  /** The credentials the server accepts. */
  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secret";

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static volatile Server shared;

  private EmbeddedS3() {}

  /** The extension; the server is shared by every test class of the JVM. */
  public static EmbeddedS3 create() {
    return new EmbeddedS3();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  private static Server server(ExtensionContext context) {
    Server s = shared;
    if (s == null) {
      synchronized (EmbeddedS3.class) {
        s = shared;
        if (s == null) {
          s = new Server(start(new TransientNio2BlobStore()));
          // closed by JUnit when the whole run ends
          context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
              .put(EmbeddedS3.class.getName(), s);
          shared = s;
        }
      }
    }
    return s;
  }

  private static Server server() {
    Server s = shared;
    if (s == null) {
      throw new IllegalStateException("EmbeddedS3 is not started: register it with"
          + " @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.create()");
    }
    return s;
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:43211}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server().proxy.getPort());
  }

  /** A client of the server (shared; do not close it). */
  public S3Client client() {
    return server().client;
  }

  /** A new client of the server with other credentials (the caller closes it). */
  public S3Client clientWith(String accessKey, String secretKey) {
    return client(endpoint(), accessKey, secretKey);
  }

  /**
   * A new client of the server whose requests pass through {@code interceptors} (fault
   * injection, request recording); the caller closes it.
   */
  public S3Client clientWith(ExecutionInterceptor... interceptors) {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .overrideConfiguration(c -> {
          for (ExecutionInterceptor i : interceptors) {
            c.addExecutionInterceptor(i);
          }
        })
        .build();
  }

  /** Creates a bucket with a fresh name and returns the name. */
  public String newBucket() {
    String name = "bucket-" + BUCKETS.incrementAndGet() + "-"
        + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
    client().createBucket(b -> b.bucket(name));
    return name;
  }

  /**
   * Starts S3Proxy on an ephemeral loopback port over {@code store}, e.g. {@code new
   * TransientNio2BlobStore()} (in memory) or {@code new FilesystemNio2BlobStore(dir)}.
   */
  public static S3Proxy start(BlobStore store) {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start within 30 s: " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy", e);
    }
    return proxy;
  }

  /** S3Proxy over a directory, for data larger than the heap. */
  public static S3Proxy startOnDisk(Path dir) {
    return start(new FilesystemNio2BlobStore(dir.toString()));
  }

  /** A path-style client of an S3Proxy endpoint. */
  public static S3Client client(URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }

  private static final class Server implements AutoCloseable {
    final S3Proxy proxy;
    final S3Client client;

    Server(S3Proxy proxy) {
      this.proxy = proxy;
      this.client = EmbeddedS3.client(URI.create("http://127.0.0.1:" + proxy.getPort()),
          ACCESS_KEY, SECRET_KEY);
    }

    @Override
    public void close() throws Exception {
      client.close();
      proxy.stop();
    }
  }
}
