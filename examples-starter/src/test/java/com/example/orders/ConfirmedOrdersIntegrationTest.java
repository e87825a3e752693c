package com.example.orders;

// tag::integration-test[]
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.postgres.EmbeddedPostgresExtension;   // sdk-testing-postgres
import dev.dataproduct.testing.s3.EmbeddedS3Extension;               // sdk-testing-s3
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real thing: a PostgreSQL server and an S3 server, both in the test JVM. */
class ConfirmedOrdersIntegrationTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static EmbeddedPostgresExtension pg = EmbeddedPostgresExtension.create();
  @RegisterExtension static EmbeddedS3Extension s3 = EmbeddedS3Extension.create();

  @Test
  void run_publishesConfirmedOrdersAndAnalystsSeeEmailsHashed() throws Exception {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_email text,"
          + " country text, amount numeric(12,2), status text)");
      st.execute("INSERT INTO orders VALUES (1, 'a@mail.example', 'DE', 19.99, 'CONFIRMED'),"
          + " (2, 'b@mail.example', 'FR', 5.00, 'CANCELLED'),"
          + " (3, 'c@mail.example', 'IT', -1.00, 'CONFIRMED')");
    }
    DataProduct product = ConfirmedOrders.product(pg::dataSource, s3::client, s3.newBucket());

    var run = dp.run(product);

    assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);   // 1 quarantined
    assertThat(run.output("orders-lake").written()).isEqualTo(1);
    assertThat(run.output("orders-lake").quarantined()).isEqualTo(1);
    List<Row> rows = new ArrayList<>();
    try (BatchReader reader = product.read("orders-lake",
        Principal.of("max").withRoles("analyst"), ReadOptions.latest())) {
      for (List<Row> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        rows.addAll(batch);
      }
    }
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString("customer_email")).isNotEqualTo("a@mail.example");
    assertThat(dp.spans("dataproduct.consume orders-lake")).hasSize(1);   // reported by read
  }
  // end::integration-test[]

  @Test
  void close_releasesThePortsAndLeavesTheClientsOpen() throws Exception {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders (order_id bigint, customer_email text, country text,"
          + " amount numeric(12,2), status text)");
    }
    String bucket = s3.newBucket();
    // tag::close-product[]
    try (DataProduct product = ConfirmedOrders.product(pg::dataSource, s3::client, bucket)) {
      product.run().orThrow();
    }   // the ports are released: an S3 port's upload threads end, your clients stay open
    // end::close-product[]
    assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isNotEmpty();
  }
}
