package dev.dataproduct.examples;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.jdbc.JdbcInputPort;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.lineage.OpenLineageEmitter;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryLineageTransport;
import dev.dataproduct.testing.OpenLineageSchemas;
import dev.dataproduct.testing.postgres.EmbeddedPostgresExtension;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lineage of a product reading a PostgreSQL table and publishing to S3 and PostgreSQL names
 * its datasets by the OpenLineage naming spec, so that it joins other producers' lineage of the
 * same table and bucket, and the events validate against the official OpenLineage schemas.
 */
class OpenLineageNamesTest {
  @RegisterExtension static EmbeddedPostgresExtension pg = EmbeddedPostgresExtension.create();
  @RegisterExtension static EmbeddedS3Extension s3 = EmbeddedS3Extension.create();
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("amount", FieldType.NUMBER).withDecimal(10, 2));
  private static final DataContract CONTRACT = DataContract.builder("orders-copy")
      .schema(ORDERS).build();

  private static String schemaOf(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection()) {
      return c.getSchema();
    }
  }

  private static DataProduct product(DataSource ds, String bucket, OpenLineageEmitter emitter) {
    return DataProduct.builder("orders-copy")
        .version("1.0.0")
        .domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(JdbcInputPort.builder("orders", ds).table("orders").schema(ORDERS).build())
        .output(S3OutputPort.builder("orders-lake").client(s3.client()).bucket(bucket)
            .prefix("sales/orders-copy").format(Formats.jsonLines()).contract(CONTRACT).build())
        .output(JdbcOutputPort.builder("orders-table").dataSource(ds).table("orders_copy")
            .createTableIfMissing().contract(CONTRACT).build())
        .listener(emitter)
        .build();
  }

  @Test
  void runEvents_ofPostgresAndS3Ports_nameDatasetsByTheSpec_andValidate() throws Exception {
    DataSource ds = pg.dataSource();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders (order_id bigint primary key, amount numeric(10, 2))");
      st.execute("INSERT INTO orders VALUES (1, 10.50), (2, 20.00)");
    }
    String bucket = s3.newBucket();
    InMemoryLineageTransport events = InMemoryLineageTransport.create();
    RunResult run;
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(events).namespace("sales")
        .build()) {
      run = dp.run(product(ds, bucket, emitter));
    }

    assertThat(run).succeeded().wrote("orders-lake", 2).wrote("orders-table", 2);
    List<JsonNode> parsed = new ArrayList<>();
    for (String e : events.events()) {
      assertThat(OpenLineageSchemas.errors(e)).as(e).isEmpty();
      parsed.add(JSON.readTree(e));
    }
    assertThat(parsed).extracting(e -> e.get("eventType").asText())
        .containsExactly("START", "COMPLETE");
    URI server = URI.create(pg.server().jdbcUrl().substring("jdbc:".length()));
    String postgres = "postgres://" + server.getHost() + ":" + server.getPort();
    String schema = schemaOf(ds);
    SpanData runSpan = dp.spans("dataproduct.run orders-copy").get(0);
    for (JsonNode e : parsed) {
      assertThat(e.get("run").get("facets").get("dataproduct_trace").get("traceparent").asText())
          .isEqualTo("00-" + runSpan.getTraceId() + "-" + runSpan.getSpanId() + "-01");
      assertThat(e.get("job").get("namespace").asText()).isEqualTo("sales");
      assertThat(e.get("job").get("name").asText()).isEqualTo("orders-copy");
      JsonNode in = e.get("inputs").get(0);
      assertThat(in.get("namespace").asText()).matches("postgres://[^/:]+:\\d+")
          .isEqualTo(postgres);
      assertThat(in.get("name").asText()).matches("[^.]+\\.[^.]+\\.[^.]+")
          .isEqualTo("postgres." + schema + ".orders");
      assertThat(e.get("outputs")).extracting(o -> o.get("namespace").asText() + " "
              + o.get("name").asText())
          .containsExactly("s3://" + bucket + " sales/orders-copy",
              postgres + " postgres." + schema + ".orders_copy");
      assertThat(e.get("outputs")).extracting(o -> o.get("facets").get("dataproduct_port")
              .get("port").asText())
          .containsExactly("orders-lake", "orders-table");
    }
  }
}
