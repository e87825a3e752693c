package dev.dataproduct.bench.s3;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** The rows every variant writes and the ten rules the SDK path checks (as in bench.core). */
final class S3BenchData {
  static final Schema ORDERS = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("customer", FieldType.STRING),
      Field.optional("country", FieldType.STRING),
      Field.optional("currency", FieldType.STRING),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("status", FieldType.STRING),
      Field.optional("placed_at", FieldType.TIMESTAMP),
      Field.optional("note", FieldType.STRING));

  static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
  static final String[] COUNTRIES = {"DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL"};
  static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "PLN"};
  static final String[] STATUSES = {"CONFIRMED", "SHIPPED", "DELIVERED"};

  private S3BenchData() {}

  /** not-null x3, range on a decimal, max length, pattern, allowed values x2, unique, not future. */
  static List<RowRule> tenRules() {
    return List.of(
        Rules.notNull("customer"),
        Rules.notNull("country"),
        Rules.notNull("currency"),
        Rules.range("amount", BigDecimal.ZERO, MAX_AMOUNT),
        Rules.maxLength("note", 200),
        Rules.pattern("currency", "[A-Z]{3}"),
        Rules.allowedValues("country", (Object[]) COUNTRIES),
        Rules.allowedValues("status", (Object[]) STATUSES),
        Rules.unique("id"),
        Rules.notInFuture("placed_at"));
  }

  static DataContract contract() {
    return DataContract.builder("orders").version("1.0.0").schema(ORDERS).rules(tenRules())
        .build();
  }

  /** The same schema without any rule: what the port itself costs. */
  static DataContract noRules() {
    return DataContract.builder("orders").version("1.0.0").schema(ORDERS).build();
  }

  /**
   * {@code n} valid rows with distinct ids, deterministic. Timestamps carry milliseconds and
   * notes vary in length, so rows average about 190 bytes of JSON.
   */
  static Row[] rows(int n) {
    SplittableRandom rnd = new SplittableRandom(42);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    Row[] rows = new Row[n];
    for (int i = 0; i < n; i++) {
      rows[i] = Row.of(ORDERS, (long) i, "customer-" + (i % 5000),
          COUNTRIES[rnd.nextInt(COUNTRIES.length)], CURRENCIES[rnd.nextInt(CURRENCIES.length)],
          BigDecimal.valueOf(rnd.nextInt(1, 10_000_000), 2),
          STATUSES[rnd.nextInt(STATUSES.length)],
          base.plusMillis(rnd.nextLong(10_000_000_000L)),
          "note " + (i % 100) + " " + "x".repeat(rnd.nextInt(0, 40)));
    }
    return rows;
  }
}
