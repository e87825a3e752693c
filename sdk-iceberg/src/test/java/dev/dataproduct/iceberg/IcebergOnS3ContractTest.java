package dev.dataproduct.iceberg;

import dev.dataproduct.testing.s3.EmbeddedS3;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The adapter kit on S3: a JDBC catalog whose tables live in a bucket of an in-process S3Proxy,
 * written and read through Iceberg's {@code S3FileIO} and the AWS SDK.
 */
class IcebergOnS3ContractTest extends IcebergContractTestBase {
  static EmbeddedS3 server;
  static JdbcCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedS3.start();
    server.createBucket("lake");
    catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("s3lake", Map.of(
        CatalogProperties.URI, "jdbc:h2:mem:iceberg-s3;DB_CLOSE_DELAY=-1",
        CatalogProperties.WAREHOUSE_LOCATION, "s3://lake/warehouse",
        "jdbc.schema-version", "V1",
        CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint", server.endpoint().toString(),
        "s3.path-style-access", "true",
        "s3.access-key-id", EmbeddedS3.ACCESS_KEY,
        "s3.secret-access-key", EmbeddedS3.SECRET_KEY,
        "client.region", "us-east-1",
        "http-client.type", "urlconnection"));
  }

  @AfterAll
  static void stop() throws Exception {
    catalog.close();
    server.close();
  }

  @Override
  protected Catalog catalog() {
    return catalog;
  }
}
