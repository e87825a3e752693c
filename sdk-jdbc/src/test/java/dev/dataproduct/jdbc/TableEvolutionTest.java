package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.DataProductExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Day two of a table: a compatible minor version that adds an optional field adds its column; a
 * new major version that removes a column publishes side by side in a table of its own; a table
 * that cannot hold the contract's rows fails before any row is written, naming the column and the
 * fix. On PostgreSQL and H2.
 */
class TableEvolutionTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  static final Schema V1 = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("name", FieldType.STRING).withMaxLength(40),
      Field.required("note", FieldType.STRING));
  static final Schema V1_1 = V1.with(Field.optional("segment", FieldType.STRING));
  static final Schema V2 = V1.without("note");

  private Target target;
  private DataSource ds;

  private DataSource database(Target t) {
    target = t;
    ds = t.fresh();
    return ds;
  }

  @AfterEach
  void dropDatabase() {
    if (ds != null) {
      target.drop(ds);
    }
  }

  private static DataContract contract(String version, Schema schema) {
    return DataContract.builder("customers").version(version).schema(schema).build();
  }

  private JdbcOutputPort.Builder port(DataContract contract, WriteMode mode) {
    return JdbcOutputPort.builder("customers").dataSource(ds).table("customers").mode(mode)
        .createTableIfMissing().contract(contract);
  }

  private static List<Row> rows(Schema schema, int from, int count) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      Object[] values = new Object[schema.size()];
      for (int f = 0; f < schema.size(); f++) {
        String name = schema.field(f).name();
        values[f] = name.equals("id") ? (Object) (long) i : name + "-" + i;
      }
      rows.add(Row.of(schema, values));
    }
    return rows;
  }

  private RunResult run(OutputPort port, List<Row> rows) {
    return Fixtures.product(port, rows, dp.telemetry()).run();
  }

  private List<String> columns(String table) {
    try (java.sql.Connection c = ds.getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        names.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      return names;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void minorVersionAddingAnOptionalField_addsItsColumn_andOlderPublicationsKeepTheirSchema(
      Target t) {
    database(t);
    assertThat(run(port(contract("1.0.0", V1), WriteMode.APPEND).build(), rows(V1, 1, 2)))
        .succeeded().wrote("customers", 2);
    OutputPort minor = port(contract("1.1.0", V1_1), WriteMode.APPEND).build();

    RunResult run = run(minor, rows(V1_1, 3, 2));

    assertThat(run).succeeded().wrote("customers", 2);
    assertThat(columns("customers")).contains("segment");
    List<Row> latest = Fixtures.readAll(minor, ReadOptions.latest());
    assertThat(latest).extracting(r -> r.get("segment")).containsExactly("segment-3",
        "segment-4");
    List<Row> first = Fixtures.readAll(minor, ReadOptions.publication(1));
    assertThat(first.get(0).schema().fieldNames()).containsExactly("id", "name", "note");
    assertThat(first).extracting(r -> r.get("id")).containsExactly(1L, 2L);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void failedPublicationOfAMinorVersion_addsTheColumnWithItsRowsOnlyWhereDdlIsTransactional(
      Target t) {
    database(t);
    assertThat(run(port(contract("1.0.0", V1), WriteMode.OVERWRITE).build(), rows(V1, 1, 2)))
        .succeeded();
    OutputPort minor = port(contract("1.1.0", V1_1), WriteMode.OVERWRITE).build();

    RunResult failed = Fixtures.product(minor, rows(V1_1, 3, 2), Transforms.map(r -> {
      throw new IllegalStateException("transform failed");
    }), dp.telemetry()).run();

    assertThat(failed).failed().publishedNothing();
    assertThat(Db.count(ds, "customers")).as("the overwrite rolled back").isEqualTo(2);
    // PostgreSQL keeps ALTER TABLE in the publication's transaction; H2 commits DDL at once
    assertThat(columns("customers").contains("segment")).isEqualTo(t == Target.H2);
    assertThat(run(minor, rows(V1_1, 3, 2))).succeeded().wrote("customers", 2);
    assertThat(Fixtures.readAll(minor, ReadOptions.latest())).extracting(r -> r.get("segment"))
        .containsExactly("segment-3", "segment-4");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void newMajorRemovingAColumn_publishesSideBySideInATableOfItsOwn(Target t) {
    database(t);
    OutputPort v1 = port(contract("1.0.0", V1), WriteMode.OVERWRITE).tablePerMajorVersion()
        .build();
    assertThat(run(v1, rows(V1, 1, 3))).succeeded().wrote("customers", 3);
    OutputPort v2 = port(contract("2.0.0", V2), WriteMode.OVERWRITE).tablePerMajorVersion()
        .build();

    RunResult run = run(v2, rows(V2, 10, 2));

    assertThat(run).succeeded().wrote("customers", 2);
    assertThat(columns("customers_v2")).doesNotContain("note");
    assertThat(Db.count(ds, "customers")).as("major 1 untouched").isEqualTo(3);
    assertThat(v2.publications()).extracting(Publication::contractVersion,
        Publication::location).containsExactly(
            org.assertj.core.groups.Tuple.tuple("1.0.0", "customers"),
            org.assertj.core.groups.Tuple.tuple("2.0.0", "customers_v2"));
    assertThat(Fixtures.readAll(v2, ReadOptions.latest())).extracting(r -> r.get("id"))
        .containsExactly(10L, 11L);
    List<Row> pinned = Fixtures.readAll(v2, ReadOptions.latest().contractMajor(1));
    assertThat(pinned).extracting(r -> r.get("note")).containsExactly("note-1", "note-2",
        "note-3");
    // the next 1.x publication still goes to the major-1 table, beside 2.x
    assertThat(run(v1, rows(V1, 20, 1))).succeeded();
    assertThat(Fixtures.readAll(v2, ReadOptions.latest().contractMajor(1)))
        .extracting(r -> r.get("id")).containsExactly(20L);
    assertThat(Db.count(ds, "customers_v2")).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void newMajorRemovingARequiredColumn_inTheSameTable_failsNamingTheColumnAndTheFix(Target t) {
    database(t);
    assertThat(run(port(contract("1.0.0", V1), WriteMode.OVERWRITE).build(), rows(V1, 1, 3)))
        .succeeded();

    RunResult run = run(port(contract("2.0.0", V2), WriteMode.OVERWRITE).build(),
        rows(V2, 10, 2));

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(DataProductException.class)
        .hasMessageContaining("Output port 'customers' (table customers)")
        .hasMessageContaining("column 'note' is NOT NULL without a default")
        .hasMessageContaining("contract 'customers' 2.0.0 has no field 'note'")
        .hasMessageContaining("DROP NOT NULL")
        .hasMessageContaining("tablePerMajorVersion()")
        .hasMessageNotContaining("23502");
    assertThat(Db.count(ds, "customers")).as("nothing overwritten").isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void breakingChangeOnAnOverwriteTable_isNotAdvisedToPublishSideBySideInTheSameTable(
      Target t) {
    database(t);
    assertThat(run(port(contract("1.0.0", V1), WriteMode.OVERWRITE).build(), rows(V1, 1, 1)))
        .succeeded();

    RunResult run = run(port(contract("1.1.0", V2), WriteMode.OVERWRITE).build(),
        rows(V2, 2, 1));

    assertThat(run).failed();
    assertThat(run).error().isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("field 'note': removed")
        .hasMessageContaining("Publish it as 2.0.0 to a table of its own (table customers_v2)")
        .hasMessageContaining("call tablePerMajorVersion() on the port")
        .hasMessageContaining("it would replace the rows that major 1's consumers read");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void breakingChange_withTablePerMajorVersion_isAdvisedToPublishSideBySide(Target t) {
    database(t);
    assertThat(run(port(contract("1.0.0", V1), WriteMode.APPEND).tablePerMajorVersion().build(),
        rows(V1, 1, 1))).succeeded();

    RunResult run = run(port(contract("1.1.0", V2), WriteMode.APPEND).tablePerMajorVersion()
        .build(), rows(V2, 2, 1));

    assertThat(run).error().isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("Publish it as 2.0.0 to publish side by side, in table"
            + " customers_v2 (consumers pinned to major 1 keep reading table customers)");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void tableTheContractDoesNotFit_failsBeforeWriting_namingEachColumnAndItsFix(Target t) {
    database(t);
    Db.execute(ds, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name DATE,"
        + " legacy VARCHAR(10) NOT NULL,"
        + " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)");
    OutputPort port = JdbcOutputPort.builder("customers").dataSource(ds).table("customers")
        .contract(contract("1.1.0", V1_1)).build();

    RunResult run = run(port, rows(V1_1, 1, 2));

    assertThat(run).failed().publishedNothing();
    String message = run.error().orElseThrow().getMessage();
    assertThat(message)
        .contains("column 'name' is date in the database, which does not hold string values")
        .contains("change the column's type")
        .contains("column 'note' is missing")
        .contains("ALTER TABLE")
        .contains("call createTableIfMissing() on the port")
        .contains("column 'segment' is missing")
        .contains("column 'legacy' is NOT NULL without a default")
        .doesNotContain("column 'created_at'");
    assertThat(Db.count(ds, "customers")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void minorVersionAddingARequiredField_failsNamingTheField(Target t) {
    database(t);
    assertThat(run(port(contract("1.0.0", V1), WriteMode.APPEND).build(), rows(V1, 1, 1)))
        .succeeded();
    Schema required = V1.with(Field.required("segment", FieldType.STRING));

    RunResult run = run(port(contract("1.1.0", required), WriteMode.APPEND).build(),
        rows(required, 2, 1));

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().hasMessageContaining("column 'segment' is missing and field"
        + " 'segment' is required").hasMessageContaining("make the field optional");
    assertThat(columns("customers")).doesNotContain("segment");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void theFixTheMessageGives_works(Target t) {
    database(t);
    Db.execute(ds, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL,"
        + " note VARCHAR(100) NOT NULL)");
    OutputPort port = JdbcOutputPort.builder("customers").dataSource(ds).table("customers")
        .contract(contract("1.1.0", V1_1)).build();
    RunResult failed = run(port, rows(V1_1, 1, 1));
    String message = failed.error().orElseThrow().getMessage();
    String ddl = message.substring(message.indexOf("ALTER TABLE"),
        message.indexOf("), or call"));

    Db.execute(ds, ddl);

    assertThat(run(port, rows(V1_1, 1, 1))).succeeded().wrote("customers", 1);
    Map<String, Object> row = Db.query(ds, "SELECT * FROM customers").get(0);
    assertThat(row).containsEntry("segment", "segment-1");
    assertThat(row.keySet().stream().sorted().collect(Collectors.toList()))
        .containsExactly("id", "name", "note", "segment");
  }
}
