package dev.dataproduct.bench.core;

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

/** The orders schema, the ten rules every SDK benchmark checks, and test rows. Shared by the
 * core and S3 benchmarks, so their "10 rules" are the same rules. */
public final class BenchData {
  public static final Schema ORDERS = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("customer", FieldType.STRING),
      Field.optional("country", FieldType.STRING),
      Field.optional("currency", FieldType.STRING),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("status", FieldType.STRING),
      Field.optional("placed_at", FieldType.TIMESTAMP),
      Field.optional("note", FieldType.STRING));

  public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
  public static final String[] COUNTRIES = {"DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL"};
  public static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "PLN"};
  public static final String[] STATUSES = {"CONFIRMED", "SHIPPED", "DELIVERED"};

  /** not-null x3, range on a decimal, max length, pattern, allowed values x2, unique, not future. */
  public static List<RowRule> tenRules() {
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

  public static DataContract contract() {
    return DataContract.builder("orders").version("1.0.0").schema(ORDERS).rules(tenRules())
        .build();
  }

  /** {@code n} valid rows with distinct ids, deterministic. */
  public static Row[] rows(int n) {
    SplittableRandom rnd = new SplittableRandom(42);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    Row[] rows = new Row[n];
    for (int i = 0; i < n; i++) {
      rows[i] = row(rnd, i, base);
    }
    return rows;
  }

  public static Row row(SplittableRandom rnd, long i, Instant base) {
    return Row.of(ORDERS, i, "customer-" + (i % 5000), COUNTRIES[rnd.nextInt(COUNTRIES.length)],
        CURRENCIES[rnd.nextInt(CURRENCIES.length)],
        BigDecimal.valueOf(rnd.nextInt(1, 10_000_000), 2),
        STATUSES[rnd.nextInt(STATUSES.length)], base.plusSeconds(rnd.nextInt(10_000_000)),
        "note " + (i % 100));
  }

  private BenchData() {}
}
