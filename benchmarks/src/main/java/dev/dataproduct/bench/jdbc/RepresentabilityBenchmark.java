package dev.dataproduct.bench.jdbc;

import dev.dataproduct.Row;
import dev.dataproduct.format.Formats;
import dev.dataproduct.internal.Conformance;
import dev.dataproduct.internal.Representability;
import dev.dataproduct.jdbc.SqlDialect;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the per-row representability check costs on the rows of the storage benchmarks: the
 * PostgreSQL domain on {@link JdbcWriteBenchmark}'s rows, the JSON Lines domain on the S3
 * benchmark's rows. Compare with the SDK's time per row in those benchmarks.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RepresentabilityBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RepresentabilityBenchmark {
  private static final int ROWS = 100_000;

  private Row[] jdbcRows;
  private Row[] s3Rows;
  private Representability postgres;
  private Representability jsonLines;

  @Setup
  public void setUp() {
    jdbcRows = conformed(JdbcWriteBenchmark.rows(ROWS), JdbcWriteBenchmark.SCHEMA);
    s3Rows = conformed(dev.dataproduct.bench.s3.S3Rows.rows(ROWS),
        dev.dataproduct.bench.s3.S3Rows.SCHEMA);
    postgres = Representability.compile(JdbcWriteBenchmark.SCHEMA,
        SqlDialect.postgresql().valueDomain());
    jsonLines = Representability.compile(dev.dataproduct.bench.s3.S3Rows.SCHEMA,
        Formats.jsonLines().valueDomain());
  }

  private static Row[] conformed(Row[] rows, dev.dataproduct.Schema schema) {
    Conformance c = new Conformance(schema);
    Row[] out = new Row[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = c.conform(rows[i]);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void postgresDomainOnJdbcRows(Blackhole bh) {
    for (Row r : jdbcRows) {
      bh.consume(postgres.check(r));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void jsonLinesDomainOnS3Rows(Blackhole bh) {
    for (Row r : s3Rows) {
      bh.consume(jsonLines.check(r));
    }
  }
}
