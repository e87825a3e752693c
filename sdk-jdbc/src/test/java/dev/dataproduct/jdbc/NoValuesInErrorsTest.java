package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.Transforms;
import dev.dataproduct.VendorException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.InMemoryLineageTransport;
import dev.dataproduct.lineage.OpenLineageEmitter;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.Leaks;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pii value the database rejects never leaves the data path: not in the exception (message,
 * cause chain, suppressed exceptions), a log line (DEBUG included), a span, a meter or a lineage
 * event. Each constraint kind, in APPEND and UPSERT, through COPY and INSERT on PostgreSQL and
 * through INSERT and MERGE on H2.
 */
class NoValuesInErrorsTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private static final Schema PEOPLE = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.optional("note", FieldType.STRING).withClassification(Classification.PII));

  enum Violation { UNIQUE, CHECK, FOREIGN_KEY, NOT_NULL }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Violation v : Violation.values()) {
      for (WriteMode mode : List.of(WriteMode.APPEND, WriteMode.UPSERT)) {
        all.add(Arguments.of(Target.POSTGRES, mode, true, v));
        all.add(Arguments.of(Target.POSTGRES, mode, false, v));
        all.add(Arguments.of(Target.H2, mode, false, v));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} copy={2} {3}")
  @MethodSource("cases")
  void rejectedPiiValue_appearsInNoExceptionLogSpanMeterOrLineageEvent(Target target,
      WriteMode mode, boolean copy, Violation violation) {
    DataSource ds = target.fresh();
    try {
      String canary = Leaks.canary(violation.name().toLowerCase(java.util.Locale.ROOT));
      Db.execute(ds, "CREATE TABLE allowed (email varchar(200) PRIMARY KEY)",
          "CREATE TABLE people (id bigint PRIMARY KEY, email varchar(200) UNIQUE"
              + " REFERENCES allowed (email),"
              + " note varchar(200) NOT NULL,"
              + " CONSTRAINT no_checks CHECK (email NOT LIKE '%-check-%' OR id < 0))");
      if (violation != Violation.FOREIGN_KEY) {
        Db.execute(ds, "INSERT INTO allowed VALUES ('" + canary + "')");
      }
      if (violation == Violation.UNIQUE) {
        Db.execute(ds, "INSERT INTO people VALUES (-1, '" + canary + "', 'first')");
      }
      String note = violation == Violation.NOT_NULL ? null : "pii note " + canary;
      List<Row> rows = List.of(Row.of(PEOPLE, 1L, canary, note));

      JdbcOutputPort.Builder b = JdbcOutputPort.builder("people").dataSource(ds)
          .table("people").mode(mode).copy(copy)
          .contract(DataContract.builder("people").version("1.0.0").schema(PEOPLE).build());
      if (mode == WriteMode.UPSERT) {
        b.keyColumns("id");
      }
      OutputPort port = b.build();
      InMemoryLineageTransport lineage = InMemoryLineageTransport.create();
      Leaks.Captured<RunResult> run;
      try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(lineage).build()) {
        DataProduct product = Fixtures.product(port, InMemoryInputPort.of("in", PEOPLE, rows),
            Transforms.identity(), dp.telemetry()).toBuilder().listener(emitter).build();
        run = Leaks.capturingOutput(() -> dp.run(product));
      }

      assertThat(run.value()).failed();
      Throwable error = run.value().error().orElseThrow();
      assertThat(error).isInstanceOf(StorageException.class);
      Leaks.assertAbsent(canary, error);
      Leaks.assertAbsent(canary, run.output());
      Leaks.assertAbsent(canary, dp.spans());
      Leaks.assertAbsent(canary, dp.meters());
      assertThat(lineage.events()).isNotEmpty();
      lineage.events().forEach(e -> Leaks.assertAbsent(canary, e));
      // what diagnoses the failure is kept: the vendor's class, SQL state and constraint class
      VendorException vendor = Leaks.chain(error).stream()
          .filter(VendorException.class::isInstance).map(VendorException.class::cast)
          .filter(v -> v.detail("sqlState").isPresent()).reduce((x, y) -> y).orElseThrow();
      assertThat(vendor.detail("sqlState").orElseThrow()).startsWith("23");
      assertThat(vendor.vendorClass()).contains(target == Target.H2 ? "h2" : "postgresql");
      if (target == Target.POSTGRES && violation == Violation.CHECK) {
        assertThat(vendor.detail("constraint")).contains("no_checks");
      }
    } finally {
      target.drop(ds);
    }
  }
}
