package dev.dataproduct.examples;

import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.kafka.EmbeddedKafka;
import dev.dataproduct.testing.s3.EmbeddedS3;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where the demo runs: an H2 database and an in-process S3 server by default, or real
 * infrastructure from environment variables. Iceberg tables always go to a JDBC catalog on an
 * in-memory H2 database, with the warehouse under the output directory.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><td>DP_JDBC_URL</td><td>a PostgreSQL ({@code jdbc:postgresql://...}) or H2 URL; default
 *       an in-memory H2 database</td></tr>
 *   <tr><td>DP_JDBC_USER, DP_JDBC_PASSWORD</td><td>its credentials</td></tr>
 *   <tr><td>DP_S3_BUCKET</td><td>an existing bucket; setting it switches to real S3 (credentials
 *       and region from the AWS default chain: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 *       AWS_REGION, profiles...)</td></tr>
 *   <tr><td>DP_S3_ENDPOINT</td><td>an S3-compatible endpoint (MinIO, ...), path-style
 *       access</td></tr>
 *   <tr><td>DP_KAFKA_BOOTSTRAP</td><td>a Kafka cluster's {@code bootstrap.servers} (it must
 *       allow transactions); default an in-process broker, started when the streaming step
 *       runs</td></tr>
 *   <tr><td>DP_OUTPUT_DIR</td><td>where descriptors and the Iceberg warehouse
 *       ({@code warehouse/}) are written; default a temporary directory</td></tr>
 * </table>
 */
public final class DemoEnvironment implements AutoCloseable {
  private static final String ACCESS = "demo-access";
  private static final String SECRET = "demo-secret";

  private final DataSource dataSource;
  private final String databaseDescription;
  private final EmbeddedS3 embeddedS3;
  private final S3Client s3;
  private final String bucket;
  private final String s3Description;
  private final SdkTracerProvider tracerProvider;
  private final SpanRecorder spans = new SpanRecorder();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Telemetry telemetry;
  private final Path outputDir;
  private final JdbcCatalog catalog;
  private final String kafkaBootstrap;
  private EmbeddedKafka embeddedKafka;

  /** An environment that connects to nothing (see {@link #unconnected()}). */
  private DemoEnvironment() {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:orders");
    dataSource = h2;
    databaseDescription = "H2 in memory, empty";
    embeddedS3 = null;
    bucket = "lake";
    s3 = S3Client.builder().region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS, SECRET)))
        .build();
    s3Description = "an S3 client that is never called, bucket " + bucket;
    tracerProvider = SdkTracerProvider.builder().build();
    telemetry = Telemetry.noop();
    outputDir = Path.of(System.getProperty("java.io.tmpdir"));
    kafkaBootstrap = "127.0.0.1:9092";   // named, never connected: no broker is started
    catalog = catalog(outputDir.resolve("dataproduct-demo-warehouse"));   // in memory, empty
  }

  private DemoEnvironment(Map<String, String> env) throws Exception {
    String url = env.get("DP_JDBC_URL");
    if (url == null || url.isBlank()) {
      org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
      h2.setURL("jdbc:h2:mem:demo-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
      dataSource = h2;
      databaseDescription = "H2 in memory (embedded default)";
    } else {
      dataSource = dataSource(url, env.get("DP_JDBC_USER"), env.get("DP_JDBC_PASSWORD"));
      databaseDescription = url.replaceAll("password=[^&;]*", "password=***");
    }
    String realBucket = env.get("DP_S3_BUCKET");
    if (realBucket == null || realBucket.isBlank()) {
      embeddedS3 = EmbeddedS3.start();
      s3 = embeddedS3.client();
      bucket = "lake";
      embeddedS3.createBucket(bucket);
      s3Description = "in-process S3 (S3Proxy) at 127.0.0.1:" + embeddedS3.port()
          + ", bucket " + bucket;
    } else {
      embeddedS3 = null;
      S3ClientBuilder b = S3Client.builder().credentialsProvider(DefaultCredentialsProvider
          .builder().build());
      String endpoint = env.get("DP_S3_ENDPOINT");
      if (endpoint != null && !endpoint.isBlank()) {
        b.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
      }
      String region = env.get("AWS_REGION");
      b.region(Region.of(region == null || region.isBlank() ? "us-east-1" : region));
      s3 = b.build();
      bucket = realBucket;
      s3Description = (endpoint == null ? "AWS S3" : endpoint) + ", bucket " + bucket;
    }
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    telemetry = Telemetry.of(
        OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build(), meters);
    String bootstrap = env.get("DP_KAFKA_BOOTSTRAP");
    kafkaBootstrap = bootstrap == null || bootstrap.isBlank() ? null : bootstrap;
    String dir = env.get("DP_OUTPUT_DIR");
    outputDir = dir == null || dir.isBlank() ? Files.createTempDirectory("dataproduct-demo")
        : Files.createDirectories(Path.of(dir));
    catalog = catalog(Files.createDirectories(outputDir.resolve("warehouse")));
  }

  /** A JDBC catalog on a fresh in-memory H2 database; tables' files under {@code warehouse}. */
  private static JdbcCatalog catalog(Path warehouse) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("lake", Map.of(
        CatalogProperties.URI, "jdbc:h2:mem:demo-catalog-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1",
        CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
        "jdbc.schema-version", "V1"));
    return catalog;
  }

  /** The environment the variables describe (embedded defaults when none is set). */
  public static DemoEnvironment fromEnvironment(Map<String, String> env) throws Exception {
    return new DemoEnvironment(Objects.requireNonNull(env, "env"));
  }

  /**
   * An environment that connects to nothing: an empty in-memory H2 database (descriptors name it
   * as the tables' server) and an S3 client that is never called. Products built over it can be described (their
   * descriptors, at build time: {@link DemoProducts}) but are not meant to run.
   */
  public static DemoEnvironment unconnected() {
    return new DemoEnvironment();
  }

  /** Embedded defaults only. */
  public static DemoEnvironment embedded() throws Exception {
    return new DemoEnvironment(Map.of());
  }

  private static DataSource dataSource(String url, String user, String password) {
    if (url.startsWith("jdbc:postgresql:")) {
      org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
      pg.setURL(url);
      if (user != null) {
        pg.setUser(user);
      }
      if (password != null) {
        pg.setPassword(password);
      }
      return pg;
    }
    if (url.startsWith("jdbc:h2:")) {
      org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
      h2.setURL(url);
      h2.setUser(user == null ? "" : user);
      h2.setPassword(password == null ? "" : password);
      return h2;
    }
    throw new IllegalArgumentException("DP_JDBC_URL must start with jdbc:postgresql: or jdbc:h2:,"
        + " was " + url.replaceAll("password=[^&;]*", "password=***"));
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public S3Client s3() {
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  public Telemetry telemetry() {
    return telemetry;
  }

  SpanRecorder spans() {
    return spans;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public Path outputDir() {
    return outputDir;
  }

  /** The Kafka cluster's {@code bootstrap.servers}; starts the in-process broker on first use. */
  public synchronized String kafkaBootstrapServers() {
    if (kafkaBootstrap != null) {
      return kafkaBootstrap;
    }
    if (embeddedKafka == null) {
      embeddedKafka = EmbeddedKafka.start();
    }
    return embeddedKafka.bootstrapServers();
  }

  String kafkaDescription() {
    return kafkaBootstrap != null ? kafkaBootstrap
        : embeddedKafka != null ? "in-process Kafka broker (KRaft) at " + embeddedKafka
            .bootstrapServers() : "in-process Kafka broker (not started)";
  }

  /** The Iceberg catalog: JDBC on an in-memory H2 database, warehouse under the output dir. */
  public Catalog catalog() {
    return catalog;
  }

  String describe() {
    return "database: " + databaseDescription + "\n  object store: " + s3Description
        + "\n  Iceberg: JDBC catalog on H2 in memory, warehouse " + outputDir.resolve("warehouse")
        + "\n  descriptors: " + outputDir;
  }

  @Override
  public void close() throws IOException {
    catalog.close();
    tracerProvider.close();
    meters.close();
    synchronized (this) {
      if (embeddedKafka != null) {
        embeddedKafka.close();
      }
    }
    if (embeddedS3 != null) {
      embeddedS3.close();   // its client too
    } else {
      s3.close();
    }
  }
}
