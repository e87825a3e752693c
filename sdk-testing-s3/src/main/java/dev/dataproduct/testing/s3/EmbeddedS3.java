package dev.dataproduct.testing.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server in this JVM: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> on
 * an ephemeral loopback port, in memory ({@link #start()}) or over a directory ({@link
 * #startOnDisk(Path)}), with an AWS SDK v2 client of it. Use it as a plain object in a {@code
 * main} or a demo, or through {@link EmbeddedS3Extension} in JUnit 5 tests.
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.start()) {
 *   String bucket = s3.newBucket();
 *   OutputPort lake = S3OutputPort.builder("lake").client(s3.client()).bucket(bucket)
 *       .prefix("sales/revenue").contract(contract).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Start takes about half a second. S3Proxy, its shaded Jetty and jclouds log at WARN and above
 * unless you configured them: the levels are set for slf4j-simple when this class loads (system
 * properties {@code org.slf4j.simpleLogger.log.org.gaul} etc., left alone when already set); with
 * another slf4j backend, set the loggers {@code org.gaul} and {@code org.jclouds} to WARN in its
 * configuration.
 *
 * <p>Not for production data: {@code If-Match} replaces are not atomic in S3Proxy 4.1 under
 * concurrency ({@code If-None-Match} creates are).
 */
public final class EmbeddedS3 implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "access";
  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "secret";

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  static {
    QuietLogs.apply();
  }

  private final S3Proxy proxy;
  private final S3Client client;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
    this.client = client(endpointOf(proxy), ACCESS_KEY, SECRET_KEY);
  }

  /** Starts a server keeping objects in memory. */
  public static EmbeddedS3 start() {
    return start(new TransientNio2BlobStore());
  }

  /** Starts a server keeping objects under {@code dir}, for data larger than the heap. */
  public static EmbeddedS3 startOnDisk(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
  }

  /** Starts a server over {@code store} (an S3Proxy/jclouds {@link BlobStore}). */
  public static EmbeddedS3 start(BlobStore store) {
    Objects.requireNonNull(store, "store");
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)   // the AWS SDK's multipart client and TransferManager need it
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start within 30 s, its state is "
              + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopQuietly(proxy);
      throw new IllegalStateException("Interrupted while S3Proxy was starting", e);
    } catch (IllegalStateException e) {
      stopQuietly(proxy);
      throw e;
    } catch (Exception e) {
      stopQuietly(proxy);
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    return new EmbeddedS3(proxy);
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:43211}. */
  public URI endpoint() {
    return endpointOf(proxy);
  }

  /** The server's port. */
  public int port() {
    return proxy.getPort();
  }

  /** A client of the server, closed with it: do not close it yourself. */
  public S3Client client() {
    return client;
  }

  /** A new client of the server with other credentials (the caller closes it). */
  public S3Client clientWith(String accessKey, String secretKey) {
    return client(endpoint(), accessKey, secretKey);
  }

  /**
   * A new client whose requests pass through {@code interceptors} (fault injection, request
   * recording); the caller closes it.
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

  /** Creates a bucket with a fresh name (unique in the JVM) and returns the name. */
  public String newBucket() {
    String name = "bucket-" + BUCKETS.incrementAndGet() + "-"
        + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
    return createBucket(name);
  }

  /** Creates the bucket {@code name} and returns the name. */
  public String createBucket(String name) {
    Objects.requireNonNull(name, "name");
    client.createBucket(b -> b.bucket(name));
    return name;
  }

  /**
   * A path-style client of an S3-compatible endpoint (an S3Proxy, a MinIO) in region us-east-1
   * with static credentials; the caller closes it.
   */
  public static S3Client client(URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(Objects.requireNonNull(endpoint, "endpoint"))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }

  /** Closes the client and stops the server; its in-memory objects are gone. */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      try {
        proxy.stop();
      } catch (Exception e) {
        throw new IllegalStateException("S3Proxy did not stop", e);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedS3{" + endpoint() + "}";
  }

  private static URI endpointOf(S3Proxy proxy) {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // the start failure is what the caller needs to see
    }
  }
}
