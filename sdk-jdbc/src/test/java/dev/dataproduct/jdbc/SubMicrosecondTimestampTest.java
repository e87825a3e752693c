package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import dev.dataproduct.testing.TestClock;
import dev.dataproduct.testing.TestWriteContext;
import dev.dataproduct.testing.ValueRoundTrip;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Timestamps finer than the microsecond PostgreSQL and H2 keep: quarantined under rule {@code
 * representable} with a reason naming the field, never rounded, on every write path; a writer
 * handed one anyway refuses it; the SDK's own timestamps (quarantine time) are kept to the
 * microsecond so they never trip the rule; an input's watermark is bound back exactly.
 */
class SubMicrosecondTimestampTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private static final Schema TICKS = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("at", FieldType.TIMESTAMP));
  private static final DataContract CONTRACT = DataContract.builder("ticks").version("1.0.0")
      .schema(TICKS).build();
  private static final Instant NANOS = Instant.parse("2026-12-02T10:15:30.123456789Z");
  /** Rounded half up to the microsecond it would be 2000-01-01T00:00:00Z. */
  private static final Instant YEAR_END = Instant.parse("1999-12-31T23:59:59.999999999Z");

  private static OutputPort port(DataSource ds, WriteMode mode, boolean copy) {
    JdbcOutputPort.Builder b = JdbcOutputPort.builder("ticks").dataSource(ds).table("ticks")
        .mode(mode).copy(copy).createTableIfMissing().contract(CONTRACT);
    if (mode == WriteMode.UPSERT) {
      b.keyColumns("id");
    }
    return b.build();
  }

  private static String store(Target target) {
    return target == Target.POSTGRES ? "PostgreSQL" : "H2";
  }

  @ParameterizedTest(name = "{0} {1} copy={2}")
  @CsvSource({"POSTGRES, APPEND, true", "POSTGRES, APPEND, false", "POSTGRES, UPSERT, true",
      "POSTGRES, UPSERT, false", "H2, APPEND, false", "H2, UPSERT, false"})
  void nanoseconds_areQuarantinedNamingTheField_andMicrosecondsReadBackEqual(Target target,
      WriteMode mode, boolean copy) {
    DataSource ds = target.fresh();
    try {
      OutputPort port = port(ds, mode, copy);
      // the product's clock has nanoseconds, as Instant.now() on Linux: quarantine records too
      TestClock clock = TestClock.at(Instant.parse("2026-12-02T11:00:00.987654999Z"));
      List<Row> rows = List.of(Row.of(TICKS, 1L, NANOS),
          Row.of(TICKS, 2L, NANOS.truncatedTo(ChronoUnit.MICROS)),
          Row.of(TICKS, 3L, YEAR_END),
          Row.of(TICKS, 4L, YEAR_END.truncatedTo(ChronoUnit.MICROS)));
      DataProduct product = DataProduct.builder("ticks-product").version("1.0.0")
          .domain("testing")
          .owner(Owner.business("biz@example.com"), Owner.technical("data-eng"))
          .input(InMemoryInputPort.of("in", TICKS, rows))
          .transform(Transforms.identity())
          .output(port)
          .policy(AccessPolicy.allow("any"))
          .clock(clock)
          .build();

      RunResult run = dp.run(product);

      assertThat(run).succeeded().wrote("ticks", 2);
      assertThat(run.accountingProblems()).isEmpty();
      assertThat(run.quarantined("ticks", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(2);
      assertThat(Fixtures.readAll(port, ReadOptions.latest()))
          .extracting(r -> r.getLong("id"), r -> r.getTimestamp("at"))
          .containsExactlyInAnyOrder(
              tuple(2L, Instant.parse("2026-12-02T10:15:30.123456Z")),
              tuple(4L, Instant.parse("1999-12-31T23:59:59.999999Z")));
      List<Row> quarantined = ValueRoundTrip.readAll(PortStorage.quarantine(port),
          Quarantine.SCHEMA);
      assertThat(quarantined).hasSize(2).allSatisfy(q -> {
        assertThat(q.get(Quarantine.RULE_ID)).isEqualTo(Quarantine.REPRESENTABLE_RULE_ID);
        assertThat(q.get(Quarantine.REASON)).isEqualTo("field 'at' holds a timestamp with a"
            + " fraction of a microsecond; " + store(target) + " keeps microseconds (truncate"
            + " it in the transform: Instant.truncatedTo(ChronoUnit.MICROS))");
        assertThat(q.get(Quarantine.QUARANTINED_AT))
            .isEqualTo(Instant.parse("2026-12-02T11:00:00.987654Z"));
      });
      assertThat(quarantined).extracting(q -> (String) q.get(Quarantine.RECORD))
          .containsExactlyInAnyOrder("{\"id\":\"1\",\"at\":\"" + NANOS + "\"}",
              "{\"id\":\"3\",\"at\":\"" + YEAR_END + "\"}");
    } finally {
      target.drop(ds);
    }
  }

  @ParameterizedTest(name = "{0} {1} copy={2}")
  @CsvSource({"POSTGRES, APPEND, true", "POSTGRES, APPEND, false", "POSTGRES, UPSERT, true",
      "POSTGRES, UPSERT, false", "H2, APPEND, false", "H2, UPSERT, false"})
  void writerHandedNanoseconds_refusesRatherThanRounds(Target target, WriteMode mode,
      boolean copy) {
    DataSource ds = target.fresh();
    try {
      OutputPort port = port(ds, mode, copy);
      // past the core's check, straight to the store: the writer's own last line
      PublicationWriter writer = PortStorage.store(port).open(TestWriteContext.of("ticks",
          CONTRACT));
      try {
        assertThatThrownBy(() -> {
          writer.write(List.of(Row.of(TICKS, 1L, NANOS.truncatedTo(ChronoUnit.MICROS)),
              Row.of(TICKS, 2L, YEAR_END)));
          writer.commit();
        }).isInstanceOf(DataProductException.class)
            .hasMessageContaining("A value of field 'at' has a fraction of a microsecond")
            .hasMessageContaining("refused, not rounded")
            .hasMessageNotContaining("1999");
      } finally {
        writer.abort();
      }

      assertThat(Db.count(ds, "ticks")).isZero();
      assertThat(port.publications()).isEmpty();
    } finally {
      target.drop(ds);
    }
  }

  @Test
  void postgres_timestampWithoutTimeZone_writerHandedNanoseconds_refusesOnInsert() {
    DataSource ds = Target.POSTGRES.fresh();
    try {
      Db.execute(ds, "CREATE TABLE ticks (id bigint PRIMARY KEY, at timestamp NOT NULL)");
      OutputPort port = JdbcOutputPort.builder("ticks").dataSource(ds).table("ticks")
          .copy(false).contract(CONTRACT).build();
      PublicationWriter writer = PortStorage.store(port).open(TestWriteContext.of("ticks",
          CONTRACT));
      try {
        assertThatThrownBy(() -> {
          writer.write(List.of(Row.of(TICKS, 1L, NANOS)));
          writer.commit();
        }).isInstanceOf(DataProductException.class)
            .hasMessageContaining("A value of field 'at' has a fraction of a microsecond,"
                + " finer than column type timestamp keeps");
      } finally {
        writer.abort();
      }

      assertThat(Db.count(ds, "ticks")).isZero();
    } finally {
      Target.POSTGRES.drop(ds);
    }
  }

  @Test
  void h2_timestampWatermarkWithNanoseconds_isBoundExactly_soNoRowIsSkippedOrReadTwice() {
    DataSource ds = Target.H2.fresh();
    try {
      // a source keeping nanoseconds: a watermark rounded to the microsecond (.000001) would
      // skip the row at .0000008, one truncated (.000000) would read the row at .0000006 again
      Db.execute(ds, "CREATE TABLE src (id BIGINT PRIMARY KEY,"
          + " at TIMESTAMP(9) WITH TIME ZONE NOT NULL)");
      Db.execute(ds, "INSERT INTO src VALUES (1, TIMESTAMP WITH TIME ZONE"
          + " '2026-01-01 00:00:00.000000600+00:00')");
      InputPort in = JdbcInputPort.builder("in", ds).table("src").schema(TICKS)
          .watermark("at").build();
      InMemoryPublicationStore store = InMemoryPublicationStore.create();
      OutputPort out = InMemoryOutputPort.builder("copy").store(store).contract(CONTRACT)
          .build();
      DataProduct product = Fixtures.product(out, in, Transforms.identity(), dp.telemetry());

      assertThat(product.run()).succeeded().wrote("copy", 1);
      Db.execute(ds, "INSERT INTO src VALUES (2, TIMESTAMP WITH TIME ZONE"
          + " '2026-01-01 00:00:00.000000800+00:00')");
      RunResult second = product.run();

      assertThat(second).succeeded().wrote("copy", 1);
      assertThat(store.latestRows()).extracting(r -> r.getLong("id"), r -> r.getTimestamp("at"))
          .containsExactly(tuple(2L,
              Instant.parse("2026-01-01T00:00:00.000000800Z")));
      assertThat(Db.query(ds, "SELECT watermark FROM dataproduct_watermarks").get(0)
          .get("watermark")).isEqualTo("2026-01-01T00:00:00.000000800Z");
    } finally {
      Target.H2.drop(ds);
    }
  }
}
