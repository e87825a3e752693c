package dev.dataproduct.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dataproduct.ContractViolationException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.InputCounts;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.Publication;
import dev.dataproduct.RunListener;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.StorageException;
import dev.dataproduct.contract.Specs;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Violation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageEmitterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DataProduct PRODUCT = dev.dataproduct.contract.LineageFixtures.product();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private static RunListener.Start start(String traceId, String spanId) {
    return new RunListener.Start(PRODUCT, UUID.randomUUID().toString(), T0, traceId, spanId);
  }

  private static RunResult succeeded(RunListener.Start s) {
    Instant end = T0.plusSeconds(3);
    return new RunResult(s.runId(), PRODUCT.name(), "1.4.2",
        RunOutcome.SUCCEEDED_WITH_WARNINGS, T0, end,
        Map.of("raw-orders", new InputCounts("raw-orders", 10, 1, 9)),
        Map.of("orders-lake", new OutputCounts("orders-lake", 9, 8, 1, 0, 0),
            "orders-table", new OutputCounts("orders-table", 9, 9, 0, 0, 0)),
        true,
        Map.of("orders-lake", new Publication("orders-lake", 3, s.runId(), 8, 1234,
            "2.3.1-rc.1", end, "s3://lake/orders/3"),
            "orders-table", new Publication("orders-table", 7, s.runId(), 9, -1, "3.0.0", end,
                "sales.orders")),
        List.of(new Violation("orders-lake", "currency-allowed-values", Action.QUARANTINE, 1,
            "field 'currency' value 'XXX' is not one of the 3 allowed values"),
            new Violation("raw-orders", "schema", Action.QUARANTINE, 1, "wrong type")),
        Optional.empty());
  }

  private static RunResult failed(RunListener.Start s, Throwable error) {
    return new RunResult(s.runId(), PRODUCT.name(), "1.4.2", RunOutcome.FAILED, T0,
        T0.plusSeconds(1), Map.of("raw-orders", new InputCounts("raw-orders", 2, 0, 2)),
        Map.of("orders-lake", new OutputCounts("orders-lake", 2, 0, 0, 2, 0)), true, Map.of(),
        List.of(), Optional.of(error));
  }

  private static List<JsonNode> parsed(RecordingTransport t) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String e : t.events()) {
      out.add(JSON.readTree(e));
    }
    return out;
  }

  @Test
  void successfulRun_emitsStartAndComplete_validAgainstOpenLineageSpecs() throws Exception {
    RecordingTransport t = new RecordingTransport();
    RunListener.Start s = start(TRACE, SPAN);

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).namespace("sales").build()) {
      emitter.onStart(s);
      emitter.onComplete(s, succeeded(s));
      assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(emitter.emitted()).isEqualTo(2);
    }

    List<JsonNode> events = parsed(t);
    assertThat(events).extracting(e -> e.get("eventType").asText())
        .containsExactly("START", "COMPLETE");
    for (JsonNode e : events) {
      assertThat(Specs.openLineageErrors(e)).as(e.toPrettyString()).isEmpty();
      assertThat(e.get("run").get("runId").asText()).isEqualTo(s.runId());
      assertThat(e.get("job").get("namespace").asText()).isEqualTo("sales");
      assertThat(e.get("job").get("name").asText()).isEqualTo("orders");
      JsonNode trace = e.get("run").get("facets").get("dataproduct_trace");
      assertThat(trace.get("traceId").asText()).isEqualTo(TRACE);
      assertThat(trace.get("spanId").asText()).isEqualTo(SPAN);
      assertThat(trace.get("traceparent").asText()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
      assertThat(e.get("job").get("facets").get("ownership").get("owners").toString())
          .isEqualTo("[{\"name\":\"ana@corp.example\",\"type\":\"BUSINESS_OWNER\"},"
              + "{\"name\":\"sales-data-eng\",\"type\":\"TECHNICAL_OWNER\"}]");
      assertThat(e.get("inputs").get(0).get("name").asText()).isEqualTo("orders.raw-orders");
      assertThat(e.get("outputs")).extracting(o -> o.get("name").asText())
          .containsExactly("orders.orders-lake", "orders.orders-table");
      assertThat(e.get("outputs").get(0).get("facets").get("schema").get("fields").get(0)
          .toString()).isEqualTo("{\"name\":\"order_id\",\"type\":\"integer\","
              + "\"description\":\"Order number\",\"ordinal_position\":1}");
    }
    assertThat(events.get(0).get("eventTime").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(events.get(0).get("outputs").get(0).has("outputFacets")).isFalse();

    JsonNode lake = events.get(1).get("outputs").get(0);
    assertThat(lake.get("facets").get("version").get("datasetVersion").asText()).isEqualTo("3");
    assertThat(lake.get("facets").get("dataQualityMetrics").get("rowCount").asLong())
        .isEqualTo(8);
    assertThat(lake.get("facets").get("dataQualityMetrics").get("bytes").asLong())
        .isEqualTo(1234);
    assertThat(lake.get("outputFacets").get("outputStatistics").get("rowCount").asLong())
        .isEqualTo(8);
    JsonNode rows = lake.get("outputFacets").get("dataproduct_rows");
    assertThat(rows.toString()).contains("\"received\":9", "\"written\":8", "\"quarantined\":1",
        "\"discarded\":0", "\"publicationId\":3", "\"contractVersion\":\"2.3.1-rc.1\"",
        "\"violations\":{\"currency-allowed-values\":1}");
    JsonNode assertions = lake.get("facets").get("dataQualityAssertions").get("assertions");
    assertThat(assertions.findValuesAsText("name")).contains("currency-allowed-values",
        "row-count", "few-rejects");
    for (JsonNode a : assertions) {
      boolean violated = a.get("name").asText().equals("currency-allowed-values");
      assertThat(a.get("success").asBoolean()).as(a.toString()).isEqualTo(!violated);
    }
    JsonNode in = events.get(1).get("inputs").get(0);
    assertThat(in.get("inputFacets").get("dataQualityMetrics").get("rowCount").asLong())
        .isEqualTo(10);
    assertThat(in.get("inputFacets").get("dataproduct_rows").toString())
        .contains("\"read\":10", "\"delivered\":9", "\"quarantined\":1");
    assertThat(in.get("inputFacets").get("dataQualityAssertions").get("assertions").get(0)
        .toString()).contains("\"name\":\"schema\"", "\"success\":false", "\"actual\":\"1\"");
    assertThat(events.get(1).get("outputs").get(1).get("facets").get("dataQualityMetrics")
        .has("bytes")).isFalse();
  }

  @Test
  void failedRun_emitsFail_withTheSdkMessage_andValid() throws Exception {
    RecordingTransport t = new RecordingTransport();
    RunListener.Start s = start(TRACE, SPAN);

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).build()) {
      emitter.onComplete(s, failed(s, new ContractViolationException(
          "Output port 'orders-lake': rule 'row-count' (action FAIL) violated")));
    }

    JsonNode e = parsed(t).get(0);
    assertThat(Specs.openLineageErrors(e)).isEmpty();
    assertThat(e.get("eventType").asText()).isEqualTo("FAIL");
    JsonNode err = e.get("run").get("facets").get("errorMessage");
    assertThat(err.get("message").asText())
        .isEqualTo("Output port 'orders-lake': rule 'row-count' (action FAIL) violated");
    assertThat(err.get("programmingLanguage").asText()).isEqualTo("JAVA");
    assertThat(e.get("outputs").get(0).get("outputFacets").get("dataproduct_rows").toString())
        .contains("\"written\":0", "\"discarded\":2");
    assertThat(e.get("outputs").get(0).get("facets").has("version")).isFalse();
  }

  @Test
  void failedRun_withForeignError_writesOnlyTheExceptionType_storageErrorItsOwnMessage()
      throws Exception {
    RecordingTransport t = new RecordingTransport();
    RunListener.Start s = start(TRACE, SPAN);

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).build()) {
      emitter.onComplete(s, failed(s, new IllegalStateException("value secret@pii.example")));
      // a storage error's message is the adapter's sanitized one (the driver's text, which may
      // quote values, stays in the cause, which lineage never shows)
      emitter.onComplete(s, failed(s, new StorageException("Output port 'orders-lake':"
          + " committing the publication failed: the database rejected a row",
          "23505", new RuntimeException("duplicate key secret@pii.example"))));
    }

    assertThat(t.events()).hasSize(2).noneMatch(e -> e.contains("secret@pii.example"));
    assertThat(parsed(t)).extracting(e -> e.get("run").get("facets").get("errorMessage")
        .get("message").asText()).containsExactly("java.lang.IllegalStateException",
            "Output port 'orders-lake': committing the publication failed: the database"
                + " rejected a row [23505]");
  }

  @Test
  void untracedRun_hasNoTraceFacet() throws Exception {
    RecordingTransport t = new RecordingTransport();

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).build()) {
      emitter.onStart(start("00000000000000000000000000000000", "0000000000000000"));
    }

    JsonNode e = parsed(t).get(0);
    assertThat(e.get("run").get("facets").has("dataproduct_trace")).isFalse();
    assertThat(Specs.openLineageErrors(e)).isEmpty();
  }

  @Test
  void unsampledRun_hasTraceparentFlags00_andUntracedRunsSendNoTraceContext() throws Exception {
    List<Map<String, String>> contexts = Collections.synchronizedList(new ArrayList<>());
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    LineageTransport recording = new LineageTransport() {
      @Override
      public void send(String event) {
        throw new AssertionError("the emitter sends with the trace context");
      }

      @Override
      public void send(String event, Map<String, String> traceContext) {
        events.add(event);
        contexts.add(traceContext);
      }
    };

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(recording).build()) {
      emitter.onStart(new RunListener.Start(PRODUCT, UUID.randomUUID().toString(), T0, TRACE,
          SPAN, false));
      emitter.onStart(start("00000000000000000000000000000000", "0000000000000000"));
    }

    assertThat(contexts).containsExactly(
        Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-00"), Map.of());
    JsonNode e = JSON.readTree(events.get(0));
    assertThat(e.get("run").get("facets").get("dataproduct_trace").get("traceparent").asText())
        .isEqualTo("00-" + TRACE + "-" + SPAN + "-00");
    assertThat(Specs.openLineageErrors(e)).isEmpty();
  }

  @Test
  void inputDataset_mapping_namesTheUpstreamDataset() throws Exception {
    RecordingTransport t = new RecordingTransport();

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t)
        .inputDataset("raw-orders", "postgres://db:5432", "shop.public.orders").build()) {
      emitter.onStart(start(TRACE, SPAN));
    }

    JsonNode in = parsed(t).get(0).get("inputs").get(0);
    assertThat(in.get("namespace").asText()).isEqualTo("postgres://db:5432");
    assertThat(in.get("name").asText()).isEqualTo("shop.public.orders");
  }

  @Test
  void portsOnNamedStorage_areNamedByTheirStorage_keepTheirPortAsAFacet_andValidate()
      throws Exception {
    RecordingTransport t = new RecordingTransport();
    DataProduct named = dev.dataproduct.contract.LineageFixtures.namedProduct();

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).namespace("sales").build()) {
      emitter.onStart(new RunListener.Start(named, UUID.randomUUID().toString(), T0, TRACE,
          SPAN));
    }

    JsonNode e = parsed(t).get(0);
    assertThat(Specs.openLineageErrors(e)).as(e.toPrettyString()).isEmpty();
    assertThat(e.get("job").get("namespace").asText()).isEqualTo("sales");
    assertThat(e.get("job").get("name").asText()).isEqualTo("orders");
    JsonNode in = e.get("inputs").get(0);
    assertThat(in.get("namespace").asText()).isEqualTo("postgres://db.corp.example:5432");
    assertThat(in.get("name").asText()).isEqualTo("shop.public.orders");
    assertThat(in.get("facets").get("dataproduct_port").toString()).contains(
        "\"namespace\":\"sales\",\"product\":\"orders\",\"port\":\"raw-orders\","
            + "\"portType\":\"jdbc\",\"direction\":\"input\"");
    assertThat(e.get("outputs")).extracting(o -> o.get("namespace").asText() + " "
            + o.get("name").asText())
        .containsExactly("s3://lake sales/orders", "sales orders.orders-cache",
            "sales orders.orders-broken");
    assertThat(e.get("outputs")).extracting(o -> o.get("facets").get("dataproduct_port")
            .get("port").asText())
        .containsExactly("orders-lake", "orders-cache", "orders-broken");
    assertThat(e.get("outputs").get(0).get("facets").get("dataproduct_port").get("direction")
        .asText()).isEqualTo("output");
  }

  @Test
  void inputDataset_mapping_overridesWhatThePortSays() throws Exception {
    RecordingTransport t = new RecordingTransport();
    DataProduct named = dev.dataproduct.contract.LineageFixtures.namedProduct();

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t)
        .inputDataset("raw-orders", "postgres://replica:5432", "shop.public.orders").build()) {
      emitter.onStart(new RunListener.Start(named, UUID.randomUUID().toString(), T0, TRACE,
          SPAN));
    }

    JsonNode in = parsed(t).get(0).get("inputs").get(0);
    assertThat(in.get("namespace").asText()).isEqualTo("postgres://replica:5432");
    assertThat(in.get("facets").get("dataproduct_port").get("port").asText())
        .isEqualTo("raw-orders");
  }

  @Test
  void jsonLinesTransport_appendsOneEventPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lineage.jsonl");
    RunListener.Start s = start(TRACE, SPAN);

    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(
        LineageTransports.jsonLines(file)).build()) {
      emitter.onStart(s);
      emitter.onComplete(s, succeeded(s));
    }
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(
        LineageTransports.jsonLines(file)).build()) {
      emitter.onStart(s);
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      assertThat(Specs.openLineageErrors(JSON.readTree(line))).isEmpty();
    }
  }

  @Test
  void httpTransport_postsEachEvent_andCountsRejectedOnes() throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    List<String> types = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger status = new AtomicInteger(201);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/lineage", x -> {
      bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      types.add(x.getRequestHeaders().getFirst("Content-Type") + " "
          + x.getRequestHeaders().getFirst("Authorization") + " "
          + x.getRequestHeaders().get("traceparent"));
      x.sendResponseHeaders(status.get(), -1);
      x.close();
    });
    server.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
          + "/api/v1/lineage");
      RunListener.Start s = start(TRACE, SPAN);
      try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(LineageTransports.http(
          endpoint, Duration.ofSeconds(5), Map.of("Authorization", "Bearer t0k",
              "traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01")))
          .build()) {
        emitter.onStart(s);
        emitter.onComplete(s, succeeded(s));
        assertThat(emitter.flush(Duration.ofSeconds(10))).isTrue();
        status.set(500);
        emitter.onStart(s);
        assertThat(emitter.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(emitter.emitted()).isEqualTo(2);
        assertThat(emitter.failed()).isEqualTo(1);
      }
      assertThat(bodies).hasSize(3);
      assertThat(JSON.readTree(bodies.get(1)).get("eventType").asText()).isEqualTo("COMPLETE");
      assertThat(Specs.openLineageErrors(JSON.readTree(bodies.get(1)))).isEmpty();
      // the run's trace context replaces a configured header of the same name
      assertThat(types).allMatch(h -> h.equals("application/json Bearer t0k [00-" + TRACE + "-"
          + SPAN + "-01]"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpTransport_unreachableEndpoint_isCountedNeverThrown() {
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(LineageTransports.http(
        URI.create("http://127.0.0.1:1/lineage"), Duration.ofSeconds(2), Map.of())).build()) {
      emitter.onStart(start(TRACE, SPAN));
      assertThat(emitter.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(emitter.failed()).isEqualTo(1);
      assertThat(emitter.emitted()).isZero();
    }
  }

  @Test
  void fullQueue_dropsAndCounts_withoutBlockingTheCaller() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    LineageTransport stuck = event -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sent.add(event);
    };
    RunListener.Start s = start(TRACE, SPAN);
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(stuck).queueCapacity(2)
        .build()) {
      emitter.onStart(s); // taken by the worker, which then blocks in the transport
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      long t0 = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        emitter.onStart(s);
      }
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      assertThat(tookMs).isLessThan(1_000);
      assertThat(emitter.dropped()).isEqualTo(8);
      assertThat(emitter.flush(Duration.ofMillis(50))).isFalse();
      release.countDown();
      assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(emitter.emitted()).isEqualTo(3);
    }
    assertThat(sent).hasSize(3);
  }

  @Test
  void close_flushesQueuedEvents_thenDropsLateOnes() throws Exception {
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    LineageTransport slow = event -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sent.add(event);
    };
    OpenLineageEmitter emitter = OpenLineageEmitter.builder(slow).build();
    RunListener.Start s = start(TRACE, SPAN);
    for (int i = 0; i < 5; i++) {
      emitter.onStart(s);
    }

    emitter.close();

    assertThat(sent).hasSize(5);
    emitter.onStart(s);
    emitter.close();
    assertThat(emitter.dropped()).isEqualTo(1);
    assertThat(sent).hasSize(5);
  }

  @Test
  void close_withStuckTransport_givesUpAfterTheTimeout() {
    CountDownLatch never = new CountDownLatch(1);
    LineageTransport stuck = event -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    };
    OpenLineageEmitter emitter = OpenLineageEmitter.builder(stuck)
        .closeTimeout(Duration.ofMillis(200)).build();
    emitter.onStart(start(TRACE, SPAN));
    emitter.onStart(start(TRACE, SPAN));

    long t0 = System.nanoTime();
    emitter.close();

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3_000);
    assertThat(emitter.emitted()).isZero();
    assertThat(emitter.failed() + emitter.dropped()).isEqualTo(2);
  }

  @Test
  void failingTransport_isCounted_andNeverReachesTheCaller() {
    LineageTransport broken = event -> {
      throw new IllegalStateException("boom");
    };
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(broken).build()) {
      RunListener.Start s = start(TRACE, SPAN);
      emitter.onStart(s);
      emitter.onComplete(s, succeeded(s));
      assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(emitter.failed()).isEqualTo(2);
    }
  }

  @Test
  void builderAndTransports_rejectBadSettings() {
    assertThatThrownBy(() -> OpenLineageEmitter.builder(new RecordingTransport())
        .queueCapacity(0)).hasMessageContaining("Queue capacity must be >= 1, was 0");
    assertThatThrownBy(() -> OpenLineageEmitter.builder(new RecordingTransport())
        .namespace(" ")).hasMessageContaining("Namespace must not be blank");
    assertThatThrownBy(() -> LineageTransports.http(URI.create("ftp://x/y")))
        .hasMessageContaining("must be an http or https URI, was 'ftp://x/y'");
    assertThatThrownBy(() -> LineageTransports.http(URI.create("http://x/y"), Duration.ZERO,
        Map.of())).hasMessageContaining("Timeout must be positive");
  }
}
