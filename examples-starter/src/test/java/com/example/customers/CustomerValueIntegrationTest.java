package com.example.customers;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.postgres.EmbeddedPostgresExtension;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/** customer-value on a real PostgreSQL and a real S3 holding the shop's JSON Lines files. */
class CustomerValueIntegrationTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static EmbeddedPostgresExtension pg = EmbeddedPostgresExtension.create();
  @RegisterExtension static EmbeddedS3Extension s3 = EmbeddedS3Extension.create();

  @Test
  void run_readsTheEventFilesAndTheTable() throws Exception {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (customer_id bigint PRIMARY KEY, email text,"
          + " country text)");
      st.execute("INSERT INTO customers VALUES (1, 'a@mail.example', 'DE'),"
          + " (2, 'b@mail.example', 'FR'), (3, 'c@mail.example', 'de')");
    }
    String bucket = s3.newBucket();
    s3.client().putObject(b -> b.bucket(bucket).key("shop/order-events/2026-11-30.jsonl"),
        RequestBody.fromString(String.join("\n",
            "{\"event_id\":\"e1\",\"customer_id\":1,\"amount\":10.00,"
                + "\"occurred_at\":\"2026-11-30T10:00:00Z\"}",
            "{\"event_id\":\"e2\",\"customer_id\":1,\"amount\":5.50,"
                + "\"occurred_at\":\"2026-11-30T11:00:00Z\"}",
            "{\"event_id\":\"e3\",\"customer_id\":2,\"amount\":7.00,"
                + "\"occurred_at\":\"2026-11-30T12:00:00Z\"}",
            "{\"event_id\":\"e4\",\"customer_id\":null,\"amount\":1.00,"
                + "\"occurred_at\":\"2026-11-30T13:00:00Z\"}",
            "")));
    DataProduct product = CustomerValue.product(pg::dataSource, s3::client, bucket);

    RunResult run = dp.run(product);

    assertThat(run).succeeded().wrote("customer-value", 2)
        .quarantined("customer-value", 1, "iso-country")
        .quarantined("order-events", 1, "customer-present")
        .accountingBalanced();
    assertThat(run.publications()).containsOnlyKeys("customer-value");
  }
}
