package dev.dataproduct.testing;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Orders in, enriched orders out: the shapes most runtime tests use. */
final class Fixtures {
  static final String CANARY = "canary-7f3a9e@pii.example";

  static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.optional("customer_email", FieldType.STRING)
          .withClassification(Classification.PII),
      Field.optional("country", FieldType.STRING),
      Field.optional("currency", FieldType.STRING),
      Field.optional("amount", FieldType.NUMBER),
      Field.optional("placed_at", FieldType.TIMESTAMP));

  static final Schema CLEAN = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("customer_email", FieldType.STRING).withMaxLength(64)
          .withClassification(Classification.PII),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("currency", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("placed_at", FieldType.TIMESTAMP));

  static DataContract cleanContract() {
    return DataContract.builder("clean-orders").version("1.0.0").schema(CLEAN)
        .rule(Rules.range("amount", BigDecimal.ZERO, null))
        .rule(Rules.allowedValues("currency", "EUR", "USD", "GBP"))
        .rule(Rules.pattern("country", "[A-Z]{2}"))
        .build();
  }

  static Row order(long id, String email, String country, String currency, String amount) {
    return Row.of(ORDERS, id, email, country, currency,
        amount == null ? null : new BigDecimal(amount), Instant.parse("2026-11-01T10:00:00Z"));
  }

  static List<Row> goodOrders(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(order(i, "c" + i + "@example.com", i % 2 == 0 ? "DE" : "FR", "EUR",
          (i * 10) + ".50"));
    }
    return rows;
  }

  static DataProduct.Builder product(String name) {
    return DataProduct.builder(name)
        .version("1.0.0")
        .domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"));
  }

  static OutputPort cleanPort(String name) {
    return InMemoryOutputPort.create(name, cleanContract());
  }

  private Fixtures() {}
}
