package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The port's ODCS document names the database it lives in, without credentials. */
class ServerDescriptionTest {
  private static final DataContract CONTRACT = DataContract.builder("t").schema(
      Schema.of(Field.required("id", FieldType.INTEGER))).build();

  private static JsonNode server(DataSource ds) throws Exception {
    OutputPort port = JdbcOutputPort.builder("t").dataSource(ds).table("things")
        .contract(CONTRACT).build();
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(port.contractDocument());
    return doc.get("servers").get(0);
  }

  @Test
  void postgres_isAnOdcsPostgresServerWithHostPortDatabaseAndSchema() throws Exception {
    DataSource ds = Target.POSTGRES.fresh();
    try {
      JsonNode s = server(ds);
      assertThat(s.get("type").asText()).isEqualTo("postgres");
      assertThat(s.get("host").asText()).isNotBlank();
      assertThat(s.get("port").asInt()).isPositive();
      assertThat(s.get("database").asText()).isNotBlank();
      String schema = ((org.postgresql.ds.PGSimpleDataSource) ds).getCurrentSchema();
      assertThat(schema).isNotBlank();
      assertThat(s.get("schema").asText()).isEqualTo(schema);
      assertThat(s.toString()).doesNotContainIgnoringCase("password");
    } finally {
      Target.POSTGRES.drop(ds);
    }
  }

  @Test
  void h2_isACustomServerWithTheUrlWithoutParameters() throws Exception {
    DataSource ds = Target.H2.fresh();
    try {
      JsonNode s = server(ds);
      assertThat(s.get("type").asText()).isEqualTo("custom");
      assertThat(s.get("location").asText()).startsWith("jdbc:h2:mem:t").doesNotContain(";");
    } finally {
      Target.H2.drop(ds);
    }
  }
}
