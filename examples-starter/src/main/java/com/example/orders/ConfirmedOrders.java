package com.example.orders;

// tag::product[]
import dev.dataproduct.Classification;              // sdk-core: the model
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.jdbc.JdbcInputPort;           // sdk-jdbc
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.s3.S3OutputPort;              // sdk-s3
import java.math.BigDecimal;
import java.util.function.Supplier;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Confirmed orders of the shop's database, published to the lake for analysts. */
public final class ConfirmedOrders {
  /** What the product publishes: its contract's schema. */
  public static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("customer_email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  /** The promise to consumers: rows breaking a rule are quarantined, never published. */
  public static DataContract contract() {
    return DataContract.builder("confirmed-orders").version("1.0.0")
        .schema(ORDERS)
        .rule(Rules.range("amount", BigDecimal.ZERO, null).id("amount-not-negative"))
        .rule(Rules.pattern("country", "[A-Z]{2}").id("iso-country"))
        .build();
  }

  /**
   * The product. The clients are suppliers, called on first use: declaring the product creates
   * no connection pool and no S3 client, so tests that swap its ports pay for neither.
   */
  public static DataProduct product(Supplier<DataSource> shop, Supplier<S3Client> s3,
      String bucket) {
    return DataProduct.builder("confirmed-orders")
        .version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(JdbcInputPort.builder("orders", shop)
            .query("SELECT order_id, customer_email, country, amount FROM orders"
                + " WHERE status = ?", "CONFIRMED")
            .schema(ORDERS)
            .build())
        .output(S3OutputPort.builder("orders-lake")
            .client(s3).bucket(bucket).prefix("sales/confirmed-orders")
            .contract(contract())
            .build())
        .policy(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()))
        .build();
  }

  private ConfirmedOrders() {}
}
// end::product[]
