package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.telemetry.TelemetryNames;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a {@link JdbcInputPort} does on every database; subclasses pick the database. */
abstract class InputPortBehaviour {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  static final Schema EVENTS = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.required("kind", FieldType.STRING).withMaxLength(10),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("happened_at", FieldType.TIMESTAMP));

  DataSource ds;

  abstract Target target();

  /** DDL of the events table, with a timestamp type that keeps instants. */
  abstract String eventsDdl();

  @BeforeEach
  void freshDatabase() {
    ds = target().fresh();
    Db.execute(ds, eventsDdl());
    insertEvents(1, 5);
  }

  @AfterEach
  void dropDatabase() {
    target().drop(ds);
  }

  void insertEvents(int from, int count) {
    for (int i = from; i < from + count; i++) {
      Db.execute(ds, "INSERT INTO events (id, kind, amount, happened_at, note) VALUES (" + i
          + ", '" + (i % 2 == 0 ? "even" : "odd") + "', " + i + ".50, TIMESTAMP WITH TIME ZONE '"
          + Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L).toString()
              .replace('T', ' ').replace("Z", "+00:00") + "', 'n" + i + "')");
    }
  }

  /** A product copying {@code in} into an in-memory port; its store is returned. */
  InMemoryPublicationStore runInto(InputPort in, DataContract contract, RunResult[] result) {
    OutputPort out = InMemoryOutputPort.create("copy", contract);
    DataProduct p = Fixtures.product(out, in, Transforms.identity(), dp.telemetry());
    result[0] = p.run();
    return InMemoryPublicationStore.of(out);
  }

  @Test
  void query_withBoundParameter_readsOnlyMatchingRows() {
    InputPort in = JdbcInputPort.builder("in", ds)
        .query("SELECT id, kind, amount, happened_at FROM events WHERE kind = ? ORDER BY id;",
            "odd")
        .schema(EVENTS).build();
    RunResult[] run = new RunResult[1];

    InMemoryPublicationStore out = runInto(in, DataContract.builder("e").schema(EVENTS).build(),
        run);

    assertThat(run[0]).succeeded().wrote("copy", 3).accountingBalanced();
    assertThat(out.latestRows()).extracting(r -> r.getLong("id")).containsExactly(1L, 3L, 5L);
    assertThat(out.latestRows().get(0).getDecimal("amount")).isEqualTo(new BigDecimal("1.50"));
    assertThat(out.latestRows().get(0).getTimestamp("happened_at"))
        .isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
  }

  @Test
  void query_withoutSchema_derivesItFromTheColumns() {
    InputPort in = JdbcInputPort.query("in", ds,
        "SELECT id, kind, amount, happened_at, note FROM events WHERE id > ?", 0);

    Schema s = in.schema();

    assertThat(s.fieldNames()).containsExactly("id", "kind", "amount", "happened_at", "note");
    assertThat(s.field("id").type()).isEqualTo(FieldType.INTEGER);
    assertThat(s.field("kind").type()).isEqualTo(FieldType.STRING);
    assertThat(s.field("kind").maxLength()).hasValue(10);
    assertThat(s.field("amount").precision()).hasValue(12);
    assertThat(s.field("amount").scale()).hasValue(2);
    assertThat(s.field("happened_at").type()).isEqualTo(FieldType.TIMESTAMP);
    RunResult[] run = new RunResult[1];
    runInto(in, DataContract.builder("e").schema(s).build(), run);
    assertThat(run[0]).succeeded().wrote("copy", 5);
  }

  @Test
  void table_withExpectedSchema_readsOnlyItsColumns() {
    InputPort in = JdbcInputPort.builder("in", ds).table("events").schema(EVENTS).build();
    RunResult[] run = new RunResult[1];

    InMemoryPublicationStore out = runInto(in, DataContract.builder("e").schema(EVENTS).build(),
        run);

    assertThat(run[0]).succeeded().wrote("copy", 5);
    assertThat(out.latestRows().get(0).schema().fieldNames())
        .containsExactly("id", "kind", "amount", "happened_at");
    SpanData read = dp.spans(TelemetryNames.SPAN_READ + " in").get(0);
    assertThat(read.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo(target().systemName());
    assertThat(read.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
        .isEqualTo("events");
  }

  @Test
  void missingColumn_failsBeforeAnyRowIsRead_namingTheColumn() {
    Schema expected = EVENTS.with(Field.optional("discount", FieldType.NUMBER));
    InputPort in = JdbcInputPort.query("in", ds, "SELECT * FROM events");
    InputPort checked = JdbcInputPort.builder("in", ds).query("SELECT * FROM events")
        .schema(expected).build();
    RunResult[] run = new RunResult[1];

    runInto(checked, DataContract.builder("e").schema(expected).build(), run);

    assertThat(in.schema().fieldNames()).doesNotContain("discount");
    assertThat(run[0]).failed();
    assertThat(run[0]).error().isInstanceOf(DataProductException.class)
        .hasMessageContaining("Input port 'in'")
        .hasMessageContaining("column 'discount' is missing")
        .hasMessageContaining("select it in the query (or add it to the table), or remove"
            + " field 'discount' from the port's schema");
    assertThat(run[0].input("in").read()).isZero();
  }

  @Test
  void incompatibleColumnType_failsNamingColumnAndTypes() {
    Schema expected = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.required("kind", FieldType.DATE));
    InputPort in = JdbcInputPort.builder("in", ds).table("events").schema(expected).build();
    RunResult[] run = new RunResult[1];

    runInto(in, DataContract.builder("e").schema(expected).build(), run);

    assertThat(run[0]).failed();
    assertThat(run[0]).error().hasMessageContaining("column 'kind' is")
        .hasMessageContaining("expects date")
        .hasMessageContaining("or declare field 'kind' with the column's type (string)");
    assertThat(run[0].input("in").read()).isZero();
  }

  @Test
  void watermark_nextRunReadsOnlyNewRows_andFailedRunDoesNotAdvanceIt() {
    InputPort in = JdbcInputPort.builder("in", ds).table("events").schema(EVENTS)
        .watermark("id").build();
    DataContract contract = DataContract.builder("e").schema(EVENTS).build();
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    OutputPort out = InMemoryOutputPort.builder("copy").store(store).contract(contract).build();
    DataProduct product = Fixtures.product(out, in, Transforms.identity(), dp.telemetry());

    assertThat(product.run()).succeeded().wrote("copy", 5);
    insertEvents(6, 3);
    store.failNext(InMemoryPublicationStore.Phase.COMMIT, new IllegalStateException("boom"));
    assertThat(product.run()).failed();
    RunResult third = product.run();
    insertEvents(9, 1);
    RunResult fourth = product.run();
    RunResult fifth = product.run();

    assertThat(third).succeeded().wrote("copy", 3);
    assertThat(store.latestRows()).isEmpty();
    assertThat(store.rows(store.publications().get(1).id())).extracting(r -> r.getLong("id"))
        .containsExactly(6L, 7L, 8L);
    assertThat(fourth).succeeded().wrote("copy", 1);
    assertThat(fifth).succeeded().wrote("copy", 0);
    assertThat(Db.query(ds, "SELECT product, port, watermark_column, logical_type, watermark"
        + " FROM dataproduct_watermarks")).containsExactly(Map.of("product", "jdbc-test",
            "port", "in", "watermark_column", "id", "logical_type", "integer",
            "watermark", "9"));
  }

  @Test
  void timestampWatermark_onQuery_resumesAfterTheLastInstant() {
    InputPort in = JdbcInputPort.builder("in", ds)
        .query("SELECT id, kind, amount, happened_at FROM events WHERE kind <> ?", "none")
        .schema(EVENTS).watermark("happened_at").build();
    DataContract contract = DataContract.builder("e").schema(EVENTS).build();
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    OutputPort out = InMemoryOutputPort.builder("copy").store(store).contract(contract).build();
    DataProduct product = Fixtures.product(out, in, Transforms.identity(), dp.telemetry());

    assertThat(product.run()).succeeded().wrote("copy", 5);
    insertEvents(6, 2);
    assertThat(product.run()).succeeded().wrote("copy", 2);

    assertThat(store.latestRows()).extracting(r -> r.getLong("id")).containsExactly(6L, 7L);
    assertThat(Db.query(ds, "SELECT watermark FROM dataproduct_watermarks").get(0)
        .get("watermark")).isEqualTo("2026-01-01T00:07:00Z");
  }

  @Test
  void builder_rejectsInjectionAttempts_inTableAndWatermarkNames() {
    for (String bad : List.of("events; DROP TABLE events", "events\"", "ev ents",
        "a.b.c", "events--", "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> JdbcInputPort.table("in", ds, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid table name");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JdbcInputPort.builder("in", ds)
        .table("events").watermark("id) OR (1=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid watermark column name");
    assertThat(Db.count(ds, "events")).isEqualTo(5);
  }

  @Test
  void nullsAndDates_areReadAsCanonicalValues() {
    Db.execute(ds, "CREATE TABLE facts (id BIGINT PRIMARY KEY, d DATE, flag BOOLEAN, x DOUBLE"
        + " PRECISION, label VARCHAR(5))",
        "INSERT INTO facts VALUES (1, DATE '2026-02-28', TRUE, 0.5, 'a')",
        "INSERT INTO facts VALUES (2, NULL, NULL, NULL, NULL)");
    InputPort in = JdbcInputPort.query("in", ds, "SELECT * FROM facts ORDER BY id");
    RunResult[] run = new RunResult[1];

    InMemoryPublicationStore out = runInto(in, DataContract.builder("f").schema(in.schema())
        .build(), run);

    assertThat(run[0]).succeeded().wrote("copy", 2);
    List<Map<String, Object>> rows = out.latestRows().stream().map(Row::toMap)
        .collect(Collectors.toList());
    assertThat(rows.get(0)).containsEntry("d", LocalDate.of(2026, 2, 28))
        .containsEntry("flag", true).containsEntry("x", 0.5).containsEntry("label", "a");
    assertThat(rows.get(1).values()).containsOnly(2L, null);
  }
}
