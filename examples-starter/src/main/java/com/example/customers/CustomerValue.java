package com.example.customers;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.TransformContext;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.jdbc.JdbcInputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.s3.S3InputPort;
import dev.dataproduct.s3.S3OutputPort;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What each customer is worth: the CRM's customers joined with the shop's raw order events. Two
 * inputs (a table, JSON Lines files on S3), expectations on the raw input, a transform that joins
 * them, and a pii column every consumer sees masked except the CRM team.
 */
public final class CustomerValue {
  /** The CRM's customers table. */
  public static final Schema CUSTOMERS = Schema.of(
      Field.required("customer_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING));

  /** The shop's order events, one JSON object a line, as it drops them on S3. */
  public static final Schema ORDER_EVENTS = Schema.of(
      Field.required("event_id", FieldType.STRING),
      Field.optional("customer_id", FieldType.INTEGER),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("occurred_at", FieldType.TIMESTAMP));

  /** What the product publishes. */
  public static final Schema CUSTOMER_VALUE = Schema.of(
      Field.required("customer_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("orders", FieldType.INTEGER),
      Field.required("total_spent", FieldType.NUMBER).withDecimal(14, 2),
      Field.optional("last_order_at", FieldType.TIMESTAMP));

  /** The promise to consumers. */
  public static DataContract contract() {
    return DataContract.builder("customer-value").version("1.0.0")
        .schema(CUSTOMER_VALUE)
        .rule(Rules.pattern("country", "[A-Z]{2}").id("iso-country"))
        .build();
  }

  // tag::two-inputs[]
  /** Customers from the CRM's database, order events from the shop's bucket, joined. */
  public static DataProduct product(Supplier<DataSource> crm, Supplier<S3Client> s3,
      String bucket) {
    return DataProduct.builder("customer-value")
        .version("1.0.0").domain("customers")
        .owner(Owner.business("lea@corp.example"), Owner.technical("customer-data-eng"))
        .input(JdbcInputPort.builder("customers", crm)
            .query("SELECT customer_id, email, country FROM customers")
            .schema(CUSTOMERS)
            .build())
        .input(S3InputPort.files("order-events")          // sdk-s3: raw files, not a product
            .client(s3).bucket(bucket)
            .prefix("shop/order-events/")                 // every *.jsonl and *.jsonl.gz
            .format(Formats.jsonLines())                  // dev.dataproduct.format, sdk-core
            .schema(ORDER_EVENTS)
            .build())
        .expect("order-events",                           // checked before the transform
            Rules.notNull("customer_id").id("customer-present"),
            Rules.range("amount", BigDecimal.ZERO, null).id("amount-not-negative"))
        .transform(CustomerValue::join)
        .output(S3OutputPort.builder("customer-value")
            .client(s3).bucket(bucket).prefix("customers/customer-value")
            .contract(contract())
            .build())
        .policy(AccessPolicy.allowAll())                  // anyone reads; pii stays masked
        .policy(AccessPolicy.allow("crm").unmask("email"))  // except for the CRM team
        .build();
  }
  // end::two-inputs[]

  // tag::transform[]
  /** The transform: reads each input port by name, emits rows of the output's schema. */
  static void join(TransformContext ctx) {
    Map<Long, Long> orders = new HashMap<>();
    Map<Long, BigDecimal> spent = new HashMap<>();
    Map<Long, Instant> last = new HashMap<>();
    for (Row event : ctx.rows("order-events")) {    // only the rows that met expect(...)
      Long customer = event.getLong("customer_id");
      orders.merge(customer, 1L, Long::sum);
      spent.merge(customer, event.getDecimal("amount"), BigDecimal::add);
      last.merge(customer, event.getTimestamp("occurred_at"), (a, b) -> a.isAfter(b) ? a : b);
    }
    for (Row c : ctx.rows("customers")) {
      Long id = c.getLong("customer_id");
      ctx.emit("customer-value", Row.of(CUSTOMER_VALUE, id, c.getString("email"),
          c.getString("country"), orders.getOrDefault(id, 0L),
          spent.getOrDefault(id, new BigDecimal("0.00")), last.get(id)));
    }
  }
  // end::transform[]

  private CustomerValue() {}
}
