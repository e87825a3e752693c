package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.Transform;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.telemetry.TelemetryNames;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import io.opentelemetry.api.common.AttributeKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL write paths: binary COPY, its INSERT fallback, and failures mid-write. */
class PostgresWritePathTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private DataSource ds;

  @BeforeEach
  void freshSchema() {
    ds = Target.POSTGRES.fresh();
  }

  @AfterEach
  void dropSchema() {
    Target.POSTGRES.drop(ds);
  }

  private static final Schema WIDE = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.optional("small", FieldType.INTEGER),
      Field.optional("medium", FieldType.INTEGER),
      Field.optional("exact", FieldType.NUMBER),
      Field.optional("money", FieldType.NUMBER).withDecimal(10, 3),
      Field.optional("real4", FieldType.NUMBER),
      Field.optional("real8", FieldType.NUMBER),
      Field.optional("note", FieldType.STRING),
      Field.optional("code", FieldType.STRING).withMaxLength(20),
      Field.optional("iso", FieldType.STRING).withMaxLength(3),
      Field.optional("flag", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("local_at", FieldType.TIMESTAMP),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("ref", FieldType.STRING),
      Field.optional("doc", FieldType.OBJECT),
      Field.optional("list", FieldType.ARRAY));

  private static final String WIDE_DDL = " (id bigint primary key, small smallint,"
      + " medium integer, exact numeric, money numeric(10,3), real4 real, real8 double precision,"
      + " note text, code varchar(20), iso char(3), flag boolean, day date,"
      + " local_at timestamp, at timestamptz, ref uuid, doc jsonb, list json)";

  private static final List<BigDecimal> NUMERICS = List.of(new BigDecimal("0"),
      new BigDecimal("0.00"), BigDecimal.ONE, new BigDecimal("-1"), new BigDecimal("0.0001"),
      new BigDecimal("0.00001"), new BigDecimal("12345.678"), new BigDecimal("10000"),
      new BigDecimal("100000000"), new BigDecimal("-0.5"), new BigDecimal("9999.9999"),
      new BigDecimal("1234567890123456789"), new BigDecimal("0.1234567890123456789"),
      new BigDecimal("99999999999999999999.99999"), new BigDecimal("1E+20"),
      new BigDecimal("-123456789012.345678901234"), new BigDecimal("0.000000000000000000001"));

  private List<Row> wideRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < NUMERICS.size(); i++) {
      long id = i + 1;
      rows.add(Row.of(WIDE, id, (long) (i * 100 - 800), (long) i * 1_000_000 - 5,
          NUMERICS.get(i), new BigDecimal(i + ".125"), 1.5 * i, -2.25e100 / (i + 1),
          "text \u00e9\u20ac\uD83D\uDE00 " + i, "code-" + i, "EU" + (char) ('A' + i % 26),
          i % 2 == 0, LocalDate.of(1990 + i, 1 + i % 12, 1 + i),
          Instant.parse("2001-02-03T04:05:06.789012Z").plusSeconds(i * 3_600L),
          Instant.parse("1969-07-20T20:17:40Z").plusMillis(i * 1_234L),
          "123e4567-e89b-12d3-a456-42661417400" + (i % 10), Map.of("k", "v" + i, "n", (long) i),
          List.of("a", (long) i)));
    }
    rows.add(Row.of(WIDE, 99L, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null));
    return rows;
  }

  private OutputPort widePort(String table, boolean copy) {
    Db.execute(ds, "CREATE TABLE " + table + WIDE_DDL);
    DataContract contract = DataContract.builder("wide").schema(WIDE).build();
    return JdbcOutputPort.builder("wide").dataSource(ds).table(table).copy(copy)
        .contract(contract).build();
  }

  private String operation() {
    return dp.spans(TelemetryNames.SPAN_WRITE + " wide").get(0).getAttributes()
        .get(AttributeKey.stringKey("db.operation.name"));
  }

  @Test
  void copyAndInsert_storeIdenticalValues_inEveryColumnType() {
    OutputPort copy = widePort("by_copy", true);
    OutputPort insert = widePort("by_insert", false);

    assertThat(Fixtures.product(copy, wideRows(), dp.telemetry()).run()).succeeded()
        .wrote("wide", NUMERICS.size() + 1);
    assertThat(operation()).isEqualTo("COPY");
    dp.reset();
    assertThat(Fixtures.product(insert, wideRows(), dp.telemetry()).run()).succeeded();
    assertThat(operation()).isEqualTo("INSERT");

    String columns = String.join(", ", WIDE.fieldNames().stream().map(n -> n + "::text AS " + n)
        .toArray(String[]::new));
    List<Map<String, Object>> byCopy = Db.query(ds, "SELECT " + columns
        + " FROM by_copy ORDER BY id");
    assertThat(byCopy).hasSize(NUMERICS.size() + 1)
        .isEqualTo(Db.query(ds, "SELECT " + columns + " FROM by_insert ORDER BY id"));
  }

  @Test
  void copy_numerics_roundTripWithTheirScale() {
    OutputPort copy = widePort("by_copy", true);
    assertThat(Fixtures.product(copy, wideRows(), dp.telemetry()).run()).succeeded();

    List<Map<String, Object>> back = Db.query(ds, "SELECT exact FROM by_copy WHERE id < 99"
        + " ORDER BY id");
    for (int i = 0; i < NUMERICS.size(); i++) {
      BigDecimal expected = NUMERICS.get(i).scale() < 0 ? NUMERICS.get(i).setScale(0)
          : NUMERICS.get(i);
      assertThat(back.get(i).get("exact")).as("numeric %s", expected).isEqualTo(expected);
    }
  }

  @Test
  void copy_valuesReadBackThroughThePort_equalTheRowsWritten() {
    OutputPort copy = widePort("by_copy", true);
    List<Row> rows = wideRows();
    assertThat(Fixtures.product(copy, rows, dp.telemetry()).run()).succeeded();

    List<Row> back = Fixtures.readAll(copy, dev.dataproduct.ReadOptions.latest());

    assertThat(back).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      for (String f : List.of("id", "small", "medium", "exact", "money", "real8", "note", "code",
          "flag", "day", "local_at", "at", "ref", "doc", "list")) {
        Object expected = rows.get(i).get(f);
        if (f.equals("exact") && expected != null
            && ((BigDecimal) expected).scale() < 0) {
          expected = ((BigDecimal) expected).setScale(0);
        }
        assertThat(back.get(i).get(f)).as("%s of row %s", f, i).isEqualTo(expected);
      }
    }
  }

  @Test
  void copy_integerOutOfColumnRange_failsNamingFieldNotValue() {
    OutputPort copy = widePort("by_copy", true);
    List<Row> rows = new ArrayList<>(wideRows());
    rows.add(rows.get(0).with("id", 1_000L).with("small", 70_123L));

    RunResult run = Fixtures.product(copy, rows, dp.telemetry()).run();

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(DataProductException.class)
        .hasMessageContaining("field 'small'").hasMessageContaining("int2")
        .hasMessageNotContaining("70123");
    assertThat(Db.count(ds, "by_copy")).isZero();
  }

  @Test
  void copy_invalidUuid_failsNamingFieldNotValue() {
    OutputPort copy = widePort("by_copy", true);
    List<Row> rows = List.of(wideRows().get(0).with("ref", "not-a-uuid-q8"));

    RunResult run = Fixtures.product(copy, rows, dp.telemetry()).run();

    assertThat(run).failed();
    assertThat(run).error().hasMessageContaining("field 'ref'")
        .hasMessageNotContaining("not-a-uuid-q8");
  }

  @Test
  void upsert_usesStagedCopy_andIsIdempotent() {
    OutputPort port = JdbcOutputPort.builder("wide").dataSource(ds).table("wide")
        .mode(WriteMode.UPSERT).createTableIfMissing()
        .contract(DataContract.builder("wide").schema(WIDE).build()).build();

    assertThat(Fixtures.product(port, wideRows(), dp.telemetry()).run()).succeeded();
    assertThat(operation()).isEqualTo("MERGE");
    List<Map<String, Object>> first = Db.query(ds, "SELECT * FROM wide ORDER BY id");
    assertThat(Fixtures.product(port, wideRows(), dp.telemetry()).run()).succeeded();

    assertThat(Db.query(ds, "SELECT * FROM wide ORDER BY id")).isEqualTo(first)
        .hasSize(NUMERICS.size() + 1);
  }

  @Test
  void connectionKilledMidWrite_failsRunWithSqlState_andLeavesNothingVisible() {
    OutputPort port = JdbcOutputPort.builder("orders-out").dataSource(ds).table("orders")
        .createTableIfMissing().contract(Fixtures.contract()).build();
    Transform killHalfWay = ctx -> {
      long n = 0;
      for (Row r : ctx.rows("in")) {
        ctx.emit(r);
        if (++n == 20_000) {
          terminateCopyBackend();
        }
      }
    };
    InMemoryInputPort in = InMemoryInputPort.generated("in", Fixtures.ORDERS, 200_000,
        i -> Fixtures.orders((int) i, 1).get(0));

    RunResult run = Fixtures.product(port, in, killHalfWay, dp.telemetry()).run();

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(StorageException.class)
        .hasMessageContaining("Output port 'orders-out' (table orders): writing failed");
    assertThat(((StorageException) run.error().orElseThrow()).vendorCode())
        .isIn("57P01", "08006", "08003");
    assertThat(Db.count(ds, "orders")).isZero();
    assertThat(port.publications()).isEmpty();
    assertThat(Fixtures.product(port, Fixtures.orders(1, 5), dp.telemetry()).run())
        .succeeded().wrote("orders-out", 5);
  }

  private void terminateCopyBackend() {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      List<Map<String, Object>> killed = Db.query(ds, "SELECT pg_terminate_backend(pid) AS t"
          + " FROM pg_stat_activity WHERE query LIKE 'COPY %orders%' AND pid <> pg_backend_pid()");
      if (!killed.isEmpty()) {
        return;
      }
    }
    throw new AssertionError("no COPY backend to terminate");
  }
}
