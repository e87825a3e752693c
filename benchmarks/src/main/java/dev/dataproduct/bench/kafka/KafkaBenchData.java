package dev.dataproduct.bench.kafka;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/** The rows and the 10-rule contract of the JDBC write benchmark, for the Kafka ones. */
final class KafkaBenchData {
  static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("uuid", FieldType.STRING).withMaxLength(36),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("currency", FieldType.STRING).withMaxLength(3),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("customer", FieldType.STRING).withMaxLength(100),
      Field.required("placed_at", FieldType.TIMESTAMP),
      Field.optional("note", FieldType.STRING).withMaxLength(200));
  static final String[] COUNTRIES = {"DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL"};
  static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "PLN"};

  private KafkaBenchData() {}

  /** {@code n} valid rows, deterministic; 10% without a note. */
  static Row[] rows(int n) {
    SplittableRandom rnd = new SplittableRandom(42);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    Row[] out = new Row[n];
    for (int i = 0; i < n; i++) {
      out[i] = Row.of(SCHEMA, (long) i, new UUID(rnd.nextLong(), rnd.nextLong()).toString(),
          COUNTRIES[rnd.nextInt(COUNTRIES.length)], CURRENCIES[rnd.nextInt(CURRENCIES.length)],
          BigDecimal.valueOf(rnd.nextInt(1, 10_000_000), 2), "customer-" + (i % 5_000),
          base.plusSeconds(rnd.nextInt(10_000_000)).plusNanos(rnd.nextInt(1_000_000) * 1_000L),
          i % 10 == 0 ? null : "note " + (i % 100));
    }
    return out;
  }

  /** not-null x2, range, max length, pattern x2, allowed values x2, unique, not in future. */
  static DataContract contract() {
    return DataContract.builder("bench-orders").version("1.0.0").schema(SCHEMA)
        .rule(Rules.notNull("customer"))
        .rule(Rules.notNull("uuid"))
        .rule(Rules.range("amount", BigDecimal.ZERO, new BigDecimal("1000000")))
        .rule(Rules.maxLength("note", 200))
        .rule(Rules.pattern("currency", "[A-Z]{3}"))
        .rule(Rules.pattern("uuid", "[0-9a-f-]{36}"))
        .rule(Rules.allowedValues("country", (Object[]) COUNTRIES))
        .rule(Rules.allowedValues("currency", (Object[]) CURRENCIES))
        .rule(Rules.unique("id"))
        .rule(Rules.notInFuture("placed_at"))
        .build();
  }
}
