package dev.dataproduct.bench.core;

import dev.dataproduct.Row;
import dev.dataproduct.internal.Conformance;
import dev.dataproduct.internal.RowCheck;
import dev.dataproduct.internal.RowChecks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ten row rules checked by the SDK (the exact code the runtime runs per row: conformance, then
 * the compiled checks) against the same ten checks hand-written in plain Java, over the same
 * rows, in the same run. Reports ns per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RuleEnforcementBenchmark {
  static final int ROWS = 100_000;
  static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private static final Pattern CCY = Pattern.compile("[A-Z]{3}");
  private static final Set<String> COUNTRIES = Set.of(BenchData.COUNTRIES);
  private static final Set<String> STATUSES = Set.of(BenchData.STATUSES);

  Row[] rows;

  @Setup
  public void setup() {
    rows = BenchData.rows(ROWS);
  }

  /** The SDK: schema conformance plus the ten compiled rules (fresh unique state per pass). */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int sdkConformanceAndRules() {
    Conformance conformance = new Conformance(BenchData.ORDERS);
    RowCheck[] checks = RowChecks.compileAll(BenchData.tenRules(), BenchData.ORDERS, NOW);
    int accepted = 0;
    for (Row raw : rows) {
      Row r = conformance.conform(raw);
      if (r == null) {
        continue;
      }
      boolean ok = true;
      for (RowCheck c : checks) {
        if (!c.test(r)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        accepted++;
      }
    }
    return accepted;
  }

  /** The SDK's ten compiled rules alone (no conformance), for the breakdown. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int sdkRulesOnly() {
    RowCheck[] checks = RowChecks.compileAll(BenchData.tenRules(), BenchData.ORDERS, NOW);
    int accepted = 0;
    for (Row r : rows) {
      boolean ok = true;
      for (RowCheck c : checks) {
        if (!c.test(r)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        accepted++;
      }
    }
    return accepted;
  }

  /** What a team writes by hand: the same ten checks in plain Java. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int handWritten() {
    Set<Long> ids = new HashSet<>();
    int accepted = 0;
    for (Row r : rows) {
      Object customer = r.get(1);
      String country = (String) r.get(2);
      String currency = (String) r.get(3);
      BigDecimal amount = (BigDecimal) r.get(4);
      String status = (String) r.get(5);
      Instant placedAt = (Instant) r.get(6);
      String note = (String) r.get(7);
      if (customer == null || country == null || currency == null) {
        continue;
      }
      if (amount != null && (amount.signum() < 0 || amount.compareTo(BenchData.MAX_AMOUNT) > 0)) {
        continue;
      }
      if (note != null && note.length() > 200) {
        continue;
      }
      if (!CCY.matcher(currency).matches()) {
        continue;
      }
      if (!COUNTRIES.contains(country) || (status != null && !STATUSES.contains(status))) {
        continue;
      }
      if (!ids.add((Long) r.get(0))) {
        continue;
      }
      if (placedAt != null && placedAt.isAfter(NOW)) {
        continue;
      }
      accepted++;
    }
    return accepted;
  }
}
