package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.ValueRoundTrip;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every value written through a JDBC port reads back exactly or its row is quarantined with a
 * reason naming the field: edge and random values of every logical type, on PostgreSQL through
 * binary COPY, INSERT and the staged upsert, and on H2. One unstorable value (a NUL character, a
 * date past PostgreSQL's range, a decimal of 200001 digits, a timestamp with a fraction of a
 * microsecond) never fails the publication. Timestamps compare exactly: none is rounded.
 */
class ValueRoundTripTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  @ParameterizedTest(name = "{0} {1} copy={2}")
  @CsvSource({"POSTGRES, APPEND, true", "POSTGRES, APPEND, false", "POSTGRES, UPSERT, true",
      "POSTGRES, UPSERT, false", "H2, APPEND, false", "H2, UPSERT, false"})
  void everyValue_readsBackExactlyOrIsQuarantined(Target target, WriteMode mode, boolean copy) {
    DataSource ds = target.fresh();
    try {
      JdbcOutputPort.Builder b = JdbcOutputPort.builder("values").dataSource(ds)
          .table("vals").mode(mode).copy(copy).createTableIfMissing()
          .contract(ValueRoundTrip.contract());
      if (mode == WriteMode.UPSERT) {
        b.keyColumns("id");
      }
      OutputPort port = b.build();

      RunResult run = ValueRoundTrip.check(dp, port, 7_000L + target.ordinal(), 200);

      assertThat(run).succeeded();
      assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
      String store = target == Target.POSTGRES ? "PostgreSQL" : "H2";
      assertThat(ValueRoundTrip.quarantineReasons(port, run)).contains("field 't' holds a"
          + " timestamp with a fraction of a microsecond; " + store + " keeps microseconds"
          + " (truncate it in the transform: Instant.truncatedTo(ChronoUnit.MICROS))");
    } finally {
      target.drop(ds);
    }
  }

  @ParameterizedTest(name = "copy={0}")
  @CsvSource({"true", "false"})
  void postgres_oneBadValuePerRow_quarantinesThoseRowsAndPublishesTheRest(boolean copy) {
    DataSource ds = Target.POSTGRES.fresh();
    try {
      OutputPort port = JdbcOutputPort.builder("values").dataSource(ds).table("vals")
          .copy(copy).createTableIfMissing().contract(ValueRoundTrip.contract()).build();
      List<Row> rows = List.of(
          ValueRoundTrip.row(1, "s", "fine"),
          ValueRoundTrip.row(2, "s", "nul\u0000char"),
          ValueRoundTrip.row(3, "d", LocalDate.MAX),
          ValueRoundTrip.row(4, "t", Instant.MIN),
          ValueRoundTrip.row(5, "n", new BigDecimal("1e200000")),
          ValueRoundTrip.row(6, "s", "a\uD800b"),
          ValueRoundTrip.row(7, "d", LocalDate.of(2026, 12, 2)),
          ValueRoundTrip.row(8, "t", Instant.parse("2026-12-02T10:15:30.1234565Z")));

      RunResult run = ValueRoundTrip.check(dp, port, rows);

      assertThat(run).succeeded();
      assertThat(run.output("values").written()).isEqualTo(2);
      assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(6);
      assertThat(Db.query(ds, "SELECT id FROM vals ORDER BY id")).extracting(m -> m.get("id"))
          .containsExactly(1L, 7L);
      assertThat(ValueRoundTrip.quarantineReasons(port, run))
          .anySatisfy(r -> assertThat(r).startsWith("field 's' holds text with a NUL"))
          .anySatisfy(r -> assertThat(r).startsWith("field 'd' holds a date after"
              + " +5874897-12-31, the latest PostgreSQL stores"))
          .anySatisfy(r -> assertThat(r).startsWith("field 't' holds a timestamp before"))
          .anySatisfy(r -> assertThat(r).startsWith("field 'n' holds a decimal with 200001"
              + " digits before the point; PostgreSQL stores at most 131072"))
          .anySatisfy(r -> assertThat(r).startsWith("field 's' holds text with an unpaired"))
          .anySatisfy(r -> assertThat(r).startsWith("field 't' holds a timestamp with a"
              + " fraction of a microsecond; PostgreSQL keeps microseconds"));
    } finally {
      Target.POSTGRES.drop(ds);
    }
  }
}
