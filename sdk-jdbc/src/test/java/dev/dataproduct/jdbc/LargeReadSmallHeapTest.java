package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.telemetry.Telemetry;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A million rows, several times the heap, streamed from one PostgreSQL table to another. Runs in
 * its own surefire execution with {@code -Xmx64m} (see the module's pom): materialising the
 * result or the publication would fail with OutOfMemoryError.
 */
class LargeReadSmallHeapTest {
  private static final long ROWS = 1_000_000;
  private static final Schema BIG = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.required("h1", FieldType.STRING),
      Field.required("h2", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(14, 2),
      Field.required("at", FieldType.TIMESTAMP));

  private DataSource ds;

  @BeforeEach
  void freshSchema() {
    ds = Target.POSTGRES.fresh();
  }

  @AfterEach
  void dropSchema() {
    Target.POSTGRES.drop(ds);
  }

  @Test
  void millionRowTable_largerThanHeap_streamsThroughARun() {
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(heap).as("this test must run with -Xmx64m").isLessThan(96L * 1024 * 1024);
    Db.execute(ds, "CREATE TABLE big AS SELECT g::bigint AS id, md5(g::text) AS h1,"
        + " md5((g * 7)::text) || md5((g * 13)::text) AS h2, (g * 0.01)::numeric(14,2) AS amount,"
        + " timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS at"
        + " FROM generate_series(1, " + ROWS + ") g");
    long tableBytes = ((Number) Db.query(ds, "SELECT pg_total_relation_size('big') AS b").get(0)
        .get("b")).longValue();
    assertThat(tableBytes).isGreaterThan(2 * heap);

    InputPort in = JdbcInputPort.builder("big", ds).table("big").schema(BIG).fetchSize(2_000)
        .build();
    OutputPort out = JdbcOutputPort.builder("copy").dataSource(ds).table("big_copy")
        .createTableIfMissing()
        .contract(DataContract.builder("big").schema(BIG).build()).build();
    DataProduct product = Fixtures.product(out, in, Transforms.identity(), Telemetry.noop());

    RunResult run = product.run();

    assertThat(run).succeeded().wrote("copy", ROWS).accountingBalanced();
    assertThat(run.input("big").read()).isEqualTo(ROWS);
    assertThat(Db.count(ds, "big_copy")).isEqualTo(ROWS);
    assertThat(Db.query(ds, "SELECT COUNT(*) AS n FROM big b JOIN big_copy c USING (id)"
        + " WHERE b.h2 = c.h2 AND b.amount = c.amount AND b.at = c.at").get(0).get("n"))
        .isEqualTo(ROWS);
  }
}
