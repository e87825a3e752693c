package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.lineage.OpenLineageEmitter;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.telemetry.TelemetryNames;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryLineageTransport;
import dev.dataproduct.testing.OpenLineageSchemas;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage of a run on Spark is the single-JVM run's: the same product run once in one JVM and
 * once on Spark (reading its input itself) emits valid OpenLineage events naming the same job and
 * the same input and output datasets, with the same counts; the Spark run's events name its run
 * span, which carries the Spark application id, and its write span the application and job ids.
 */
class SparkLineageTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();
  @TempDir static Path files;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AttributeKey<String> APPLICATION_ID =
      AttributeKey.stringKey(SparkRunner.APPLICATION_ID);
  private static final AttributeKey<String> JOB_IDS = AttributeKey.stringKey(SparkRunner.JOB_IDS);

  /** The test orders as Parquet files, for Spark to read itself. */
  private static String ordersAsParquet(String name) {
    SparkSession spark = LocalSpark.session();
    StructType type = new StructType()
        .add("id", DataTypes.LongType).add("customer", DataTypes.StringType)
        .add("amount", DataTypes.createDecimalType(12, 3)).add("status", DataTypes.StringType)
        .add("day", DataTypes.DateType);
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (dev.dataproduct.Row r : Orders.ROWS) {
      Object day = r.get("day");
      rows.add(RowFactory.create(r.get("id"), r.get("customer"), r.get("amount"),
          r.get("status"), day == null ? null : Date.valueOf((java.time.LocalDate) day)));
    }
    String path = files.resolve(name).toString();
    spark.createDataFrame(rows, type).coalesce(1).write().parquet(path);
    return path;
  }

  /** The product publishing to {@code port}, its events going to {@code emitter}. */
  private static DataProduct product(OutputPort port, OpenLineageEmitter emitter) {
    return Orders.product(port, dp.telemetry()).toBuilder().listener(emitter).build();
  }

  private static List<JsonNode> events(InMemoryLineageTransport t) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String e : t.events()) {
      assertThat(OpenLineageSchemas.errors(e)).as(e).isEmpty();
      out.add(JSON.readTree(e));
    }
    return out;
  }

  private static List<String> names(JsonNode event, String side) {
    List<String> names = new ArrayList<>();
    for (JsonNode d : event.get(side)) {
      names.add(d.get("namespace").asText() + " " + d.get("name").asText());
    }
    return names;
  }

  /** Every dataset's rows facet without the publication id (the two runs publish in turn). */
  private static List<String> rows(JsonNode event, String side, String facets) {
    List<String> rows = new ArrayList<>();
    for (JsonNode d : event.get(side)) {
      JsonNode r = d.path(facets).path("dataproduct_rows").deepCopy();
      if (r.isObject()) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("publicationId");
      }
      rows.add(r.toString());
    }
    return rows;
  }

  private static <T> List<T> each(List<JsonNode> events, Function<JsonNode, T> f) {
    return events.stream().map(f).toList();
  }

  private static SpanData runSpan(String runId) {
    return dp.spans("dataproduct.run orders").stream()
        .filter(s -> runId.equals(s.getAttributes().get(TelemetryNames.RUN_ID))).findFirst()
        .orElseThrow();
  }

  @Test
  void sameProduct_inOneJvmAndOnSpark_emitsEventsNamingTheSameDatasets() throws IOException {
    OutputPort port = Orders.port(lake.catalog(), "lineage");
    Orders.product(port, dp.telemetry()).run().orThrow(); // the table exists for both runs
    String parquet = ordersAsParquet("orders");
    InMemoryLineageTransport inJvm = InMemoryLineageTransport.create();
    InMemoryLineageTransport onSpark = InMemoryLineageTransport.create();
    RunResult jvmRun;
    RunResult sparkRun;

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(inJvm).namespace("sales")
        .build()) {
      jvmRun = product(port, emitter).run();
    }
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(onSpark).namespace("sales")
        .build()) {
      sparkRun = SparkRun.builder(product(port, emitter)).spark(LocalSpark.session())
          .source("raw", SparkSource.parquet(parquet))
          .transform(inputs -> Map.of("out", inputs.dataset("raw")))
          .build().run();
    }

    assertThat(sparkRun.error()).isEmpty();
    assertThat(sparkRun.outcome()).isEqualTo(jvmRun.outcome());
    List<JsonNode> jvm = events(inJvm);
    List<JsonNode> spark = events(onSpark);
    assertThat(each(spark, e -> e.get("eventType").asText()))
        .containsExactly("START", "COMPLETE")
        .isEqualTo(each(jvm, e -> e.get("eventType").asText()));
    assertThat(each(spark, e -> e.get("job").get("namespace").asText() + " "
        + e.get("job").get("name").asText()))
        .containsOnly("sales orders")
        .isEqualTo(each(jvm, e -> e.get("job").get("namespace").asText() + " "
            + e.get("job").get("name").asText()));
    // the datasets are named by their storage, not by the engine that read or wrote them
    LineageDataset table = PortStorage.store(port).lineageDataset().orElseThrow();
    assertThat(each(spark, e -> names(e, "outputs")))
        .containsOnly(List.of(table.namespace() + " " + table.name()))
        .isEqualTo(each(jvm, e -> names(e, "outputs")));
    assertThat(each(spark, e -> names(e, "inputs")))
        .containsOnly(List.of("memory raw"))
        .isEqualTo(each(jvm, e -> names(e, "inputs")));
    // the same accounting, violations and rule outcomes at the end
    JsonNode jvmEnd = jvm.get(1);
    JsonNode sparkEnd = spark.get(1);
    assertThat(rows(sparkEnd, "outputs", "outputFacets"))
        .isEqualTo(rows(jvmEnd, "outputs", "outputFacets"))
        .singleElement().asString().contains("\"received\":20", "\"written\":8",
            "\"quarantined\":12", "\"id-unique\":3");
    assertThat(rows(sparkEnd, "inputs", "inputFacets"))
        .isEqualTo(rows(jvmEnd, "inputs", "inputFacets"))
        .singleElement().asString().contains("\"read\":20");
    assertThat(sparkEnd.get("outputs").get(0).get("facets").get("dataQualityAssertions"))
        .isEqualTo(jvmEnd.get("outputs").get(0).get("facets").get("dataQualityAssertions"));

    // the Spark run's events name its run and its run span, which says which application ran it
    SpanData run = runSpan(sparkRun.runId());
    String applicationId = LocalSpark.session().sparkContext().applicationId();
    assertThat(run.getAttributes().get(APPLICATION_ID)).isEqualTo(applicationId);
    assertThat(runSpan(jvmRun.runId()).getAttributes().get(APPLICATION_ID)).isNull();
    for (JsonNode e : spark) {
      assertThat(e.get("run").get("runId").asText()).isEqualTo(sparkRun.runId());
      assertThat(e.get("run").get("facets").get("dataproduct_trace").get("traceparent").asText())
          .isEqualTo("00-" + run.getTraceId() + "-" + run.getSpanId() + "-01");
    }
    SpanData write = dp.spans("dataproduct.write out").stream()
        .filter(s -> s.getTraceId().equals(run.getTraceId())).findFirst().orElseThrow();
    assertThat(write.getAttributes().get(APPLICATION_ID)).isEqualTo(applicationId);
    List<Integer> jobs = jobIds(write.getAttributes().get(JOB_IDS));
    assertThat(jobs).isNotEmpty();
    int[] ofRun = LocalSpark.session().sparkContext().statusTracker()
        .getJobIdsForGroup("dataproduct-" + sparkRun.runId());
    assertThat(Arrays.stream(ofRun).boxed().toList()).containsAll(jobs);
  }

  @Test
  void failingRunOnSpark_emitsFail_namingTheSameDatasetsAsStart() throws IOException {
    OutputPort port = Orders.portWithoutKey(lake.catalog(), "lineage_failing");
    InMemoryLineageTransport t = InMemoryLineageTransport.create();
    RunResult failed;

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).namespace("sales").build()) {
      DataProduct product = product(port, emitter);
      Orders.onSpark(product).run().orThrow(); // the table exists: named by its location
      assertThat(emitter.flush(Duration.ofSeconds(10))).isTrue();
      t.clear();
      failed = SparkRun.builder(product).spark(LocalSpark.session())
          .transform(inputs -> Map.of("out", inputs.dataset("raw")
              .map(new SparkRunTest.FailOn(16L), Encoders.row(inputs.dataset("raw").schema()))))
          .build().run();
    }

    assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
    List<JsonNode> events = events(t);
    assertThat(each(events, e -> e.get("eventType").asText())).containsExactly("START", "FAIL");
    LineageDataset table = PortStorage.store(port).lineageDataset().orElseThrow();
    assertThat(each(events, e -> names(e, "outputs")))
        .containsOnly(List.of(table.namespace() + " " + table.name()));
    assertThat(each(events, e -> names(e, "inputs"))).containsOnly(List.of("memory raw"));
    JsonNode fail = events.get(1);
    assertThat(fail.get("run").get("runId").asText()).isEqualTo(failed.runId());
    assertThat(fail.get("run").get("facets").get("errorMessage").get("message").asText())
        .isNotBlank();
    assertThat(fail.get("outputs").get(0).path("facets").has("version")).isFalse();
    assertThat(runSpan(failed.runId()).getAttributes().get(APPLICATION_ID))
        .isEqualTo(LocalSpark.session().sparkContext().applicationId());
  }

  private static List<Integer> jobIds(String attribute) {
    assertThat(attribute).matches("\\[\\d+(, \\d+)*]");
    return Arrays.stream(attribute.substring(1, attribute.length() - 1).split(", "))
        .map(Integer::valueOf).toList();
  }
}
