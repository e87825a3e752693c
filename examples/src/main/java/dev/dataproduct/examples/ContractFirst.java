package dev.dataproduct.examples;

import static dev.dataproduct.examples.SalesProducts.REVENUE_PREFIX;
import static dev.dataproduct.examples.SalesProducts.REVENUE_TABLE;

import dev.dataproduct.DataProduct;
import dev.dataproduct.format.Formats;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.jdbc.JdbcInputPort;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.jdbc.WriteMode;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.s3.S3OutputPort;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * daily-revenue declared contract-first, as the README shows it (compiled here, run by {@code
 * ContractFirstTest}): the descriptor files say what the product is, code binds the storage and
 * the transform.
 */
public final class ContractFirst {
  private ContractFirst() {}

  /** daily-revenue from the ODPS and ODCS files in {@code descriptors}. */
  public static DataProduct dailyRevenue(DemoEnvironment env, Path descriptors) {
    // tag::from-descriptor[]
    DataProduct revenue = DataProduct.fromDescriptor(descriptors.resolve("daily-revenue.odps.yaml"))
        .bindInput(JdbcInputPort.builder("orders", env.dataSource())
            .query("SELECT order_id, customer_id, customer_email, country, currency, amount,"
                + " status, ordered_at FROM orders WHERE status = ?", "CONFIRMED")
            .schema(SalesProducts.ORDERS)
            .build())
        .bindOutput(S3OutputPort.builder("revenue-lake")        // storage only: contract,
            .client(env.s3()).bucket(env.bucket()).prefix(REVENUE_PREFIX)  // policies and
            .format(Formats.jsonLines()).retainLast(10))                   // rules are in YAML
        .bindOutput(JdbcOutputPort.builder("revenue-table")
            .dataSource(env.dataSource()).table("daily_revenue")
            .mode(WriteMode.OVERWRITE).createTableIfMissing())
        .bindOutput(IcebergOutputPort.builder("revenue-iceberg")
            .catalog(env.catalog()).table(REVENUE_TABLE).mode(IcebergOutputPort.Mode.OVERWRITE))
        .transform(SalesProducts::aggregateDailyRevenue)
        .toBuilder()                  // what descriptors do not hold: expectations, telemetry
        .expect("orders",
            Rules.notNull("customer_id").id("customer-present"),
            Rules.range("amount", BigDecimal.ZERO, null).id("amount-not-negative"),
            Rules.allowedValues("currency", "EUR", "USD", "GBP", "CHF").id("known-currency"))
        .telemetry(env.telemetry())
        .build();
    // end::from-descriptor[]
    return revenue;
  }
}
