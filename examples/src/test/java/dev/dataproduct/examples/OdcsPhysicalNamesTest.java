package dev.dataproduct.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.format.Formats;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.testing.postgres.EmbeddedPostgresExtension;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ODCS document of a table port and of an S3 port names where the data lives ({@code
 * physicalName}: the table, the key prefix) and how each column is stored ({@code
 * physicalType}), validates against the official ODCS schema, and reads back with both.
 */
class OdcsPhysicalNamesTest {
  @RegisterExtension static EmbeddedPostgresExtension pg = EmbeddedPostgresExtension.create();
  @RegisterExtension static EmbeddedS3Extension s3 = EmbeddedS3Extension.create();

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2019_09);

  private static List<String> odcsErrors(JsonNode doc) {
    return REGISTRY.getSchema(SchemaLocation.of("classpath:specs/odcs/odcs-json-schema-v3.1.0"
        + ".json")).validate(doc).stream().map(Error::toString).toList();
  }

  private static DataContract contract() {
    return SalesProducts.revenueContract("1.0.0");
  }

  @Test
  void tablePort_namesTheTableAndTheColumnTypesItCreates_andReadsThemBack() throws Exception {
    OutputPort port = JdbcOutputPort.builder("revenue-table").dataSource(pg.dataSource())
        .table("daily_revenue").createTableIfMissing().contract(contract()).build();

    String yaml = port.contractDocument();

    JsonNode doc = YAML.readTree(yaml);
    assertThat(odcsErrors(doc)).isEmpty();
    JsonNode object = doc.get("schema").get(0);
    assertThat(object.get("name").asText()).isEqualTo("daily-revenue");
    assertThat(object.get("physicalName").asText()).isEqualTo("daily_revenue");
    assertThat(object.get("physicalType").asText()).isEqualTo("table");
    assertThat(property(object, "day").get("physicalType").asText()).isEqualTo("date");
    assertThat(property(object, "revenue").get("physicalType").asText())
        .startsWith("numeric(");
    PhysicalSchema read = DataContracts.fromYaml(yaml).physical().orElseThrow();
    assertThat(read.name()).contains("daily_revenue");
    assertThat(read.type()).contains("table");
    assertThat(read.columnTypes().keySet()).containsExactlyElementsOf(
        contract().schema().fieldNames());
    assertThat(read.columnType("day")).contains("date");
  }

  @Test
  void s3Port_namesTheKeyPrefixAndTheFormatsTypes_andReadsThemBack() throws Exception {
    OutputPort port = S3OutputPort.builder("revenue-lake").client(s3.client())
        .bucket(s3.newBucket()).prefix("sales/daily-revenue").format(Formats.jsonLines())
        .contract(contract()).build();

    String yaml = port.contractDocument();

    JsonNode doc = YAML.readTree(yaml);
    assertThat(odcsErrors(doc)).isEmpty();
    JsonNode object = doc.get("schema").get(0);
    assertThat(object.get("physicalName").asText()).isEqualTo("sales/daily-revenue");
    assertThat(object.get("physicalType").asText()).isEqualTo("file");
    assertThat(property(object, "revenue").get("physicalType").asText()).isEqualTo("number");
    assertThat(property(object, "day").get("physicalType").asText())
        .isEqualTo("string (ISO-8601 date)");
    PhysicalSchema read = DataContracts.fromYaml(yaml).physical().orElseThrow();
    assertThat(read.name()).contains("sales/daily-revenue");
    assertThat(read.columnTypes()).containsEntry("revenue", "number")
        .hasSize(contract().schema().fields().size());
  }

  private static JsonNode property(JsonNode object, String name) {
    for (JsonNode p : object.get("properties")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no property " + name + " in " + object);
  }
}
