package dev.dataproduct.bench.s3;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.bench.core.BenchData;
import dev.dataproduct.contract.DataContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;

/** The rows every variant writes and the ten rules the SDK path checks (as in bench.core). */
final class S3BenchData {
  static final Schema ORDERS = BenchData.ORDERS;

  private S3BenchData() {}

  /** The ten rules of {@link BenchData#tenRules()}. */
  static DataContract contract() {
    return BenchData.contract();
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
          BenchData.COUNTRIES[rnd.nextInt(BenchData.COUNTRIES.length)],
          BenchData.CURRENCIES[rnd.nextInt(BenchData.CURRENCIES.length)],
          BigDecimal.valueOf(rnd.nextInt(1, 10_000_000), 2),
          BenchData.STATUSES[rnd.nextInt(BenchData.STATUSES.length)],
          base.plusMillis(rnd.nextLong(10_000_000_000L)),
          "note " + (i % 100) + " " + "x".repeat(rnd.nextInt(0, 40)));
    }
    return rows;
  }
}
