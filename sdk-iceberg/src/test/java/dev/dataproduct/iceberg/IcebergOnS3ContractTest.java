package dev.dataproduct.iceberg;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The adapter kit on S3: a JDBC catalog whose tables live in a bucket of an in-process S3Proxy,
 * written and read through Iceberg's {@code S3FileIO} and the AWS SDK.
 */
class IcebergOnS3ContractTest extends IcebergContractTestBase {
  static S3Proxy proxy;
  static JdbcCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("access", "secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build()) {
      s3.createBucket(b -> b.bucket("lake"));
    }
    catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("s3lake", Map.of(
        CatalogProperties.URI, "jdbc:h2:mem:iceberg-s3;DB_CLOSE_DELAY=-1",
        CatalogProperties.WAREHOUSE_LOCATION, "s3://lake/warehouse",
        "jdbc.schema-version", "V1",
        CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint", "http://127.0.0.1:" + proxy.getPort(),
        "s3.path-style-access", "true",
        "s3.access-key-id", "access",
        "s3.secret-access-key", "secret",
        "client.region", "us-east-1",
        "http-client.type", "urlconnection"));
  }

  @AfterAll
  static void stop() throws Exception {
    catalog.close();
    proxy.stop();
  }

  @Override
  protected Catalog catalog() {
    return catalog;
  }
}
