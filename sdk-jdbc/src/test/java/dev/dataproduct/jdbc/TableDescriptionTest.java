package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Tables are OpenLineage datasets named by the naming spec, from the connection. */
class TableDescriptionTest {
  private static final DataContract CONTRACT = DataContract.builder("t").schema(
      Schema.of(Field.required("id", FieldType.INTEGER))).build();

  @Test
  void namespace_ofPostgresUrls_isHostAndPort_withoutDatabaseParametersOrCredentials() {
    assertThat(TableDescription.namespace("jdbc:postgresql://db.corp.example:5433/sales?user=u"
        + "&password=secret")).isEqualTo("postgres://db.corp.example:5433");
    assertThat(TableDescription.namespace("jdbc:postgresql://db/sales"))
        .isEqualTo("postgres://db:5432");
    assertThat(TableDescription.namespace("jdbc:postgresql://primary:5432,replica:5432/sales"))
        .isEqualTo("postgres://primary:5432");
    assertThat(TableDescription.namespace("jdbc:postgresql:sales"))
        .isEqualTo("postgres://localhost:5432");
  }

  @Test
  void namespace_ofH2AndOtherUrls_followsTheDocumentedScheme() {
    assertThat(TableDescription.namespace("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1"))
        .isEqualTo("h2:mem");
    assertThat(TableDescription.namespace("jdbc:h2:file:/data/orders")).isEqualTo("h2:file");
    assertThat(TableDescription.namespace("jdbc:h2:~/orders")).isEqualTo("h2:file");
    assertThat(TableDescription.namespace("jdbc:h2:tcp://db:9123/~/orders"))
        .isEqualTo("h2://db:9123");
    assertThat(TableDescription.namespace("jdbc:mysql://u:p@db:3306/shop?x=1"))
        .isEqualTo("mysql://db:3306");
    assertThat(TableDescription.namespace("jdbc:sqlite:/tmp/x.db")).isEqualTo("sqlite");
  }

  @Test
  void outputAndInputPorts_onPostgres_nameDatabaseSchemaAndTable() throws Exception {
    DataSource ds = Target.POSTGRES.fresh();
    try {
      OutputPort out = JdbcOutputPort.builder("t").dataSource(ds).table("Daily_Revenue")
          .contract(CONTRACT).build();
      InputPort in = JdbcInputPort.builder("in", ds).table("daily_revenue")
          .schema(CONTRACT.schema()).build();
      String schema;
      String database;
      try (Connection c = ds.getConnection()) {
        schema = c.getSchema();
        database = c.getCatalog();
      }

      LineageDataset d = PortStorage.store(out).lineageDataset().orElseThrow();

      assertThat(d.namespace()).matches("postgres://[^/:]+:\\d+");
      assertThat(d.name()).isEqualTo(database + "." + schema + ".daily_revenue");
      assertThat(in.lineageDataset()).contains(d);
      assertThat(JdbcInputPort.query("q", ds, "select 1 as id").lineageDataset()).isEmpty();
    } finally {
      Target.POSTGRES.drop(ds);
    }
  }

  @Test
  void outputPort_onH2_isInTheH2MemNamespace_withUpperCaseIdentifiers() {
    DataSource ds = Target.H2.fresh();
    try {
      OutputPort out = JdbcOutputPort.builder("t").dataSource(ds).table("sales.revenue")
          .contract(CONTRACT).build();

      LineageDataset d = PortStorage.store(out).lineageDataset().orElseThrow();

      assertThat(d.namespace()).isEqualTo("h2:mem");
      assertThat(d.name()).matches("T\\d+\\.SALES\\.REVENUE");
    } finally {
      Target.H2.drop(ds);
    }
  }

  @Test
  void contractDocument_namesTheTableAndTheColumnTypesThePortCreates_andReadsThemBack() {
    for (Target target : Target.values()) {
      DataSource ds = target.fresh();
      try {
        OutputPort out = JdbcOutputPort.builder("t").dataSource(ds).table("daily_revenue")
            .contract(CONTRACT).build();

        DataContract read = DataContracts.fromYaml(out.contractDocument());

        assertThat(read.physical()).as(target.name()).contains(PhysicalSchema.of(
            "daily_revenue", "table", Map.of("id", target == Target.H2 ? "BIGINT" : "bigint")));
      } finally {
        target.drop(ds);
      }
    }
  }
}
