package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.CANARY;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.RunListener;
import dev.dataproduct.RunResult;
import dev.dataproduct.lineage.LineageTransport;
import dev.dataproduct.lineage.OpenLineageEmitter;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OpenLineage events of real runs: one START and one COMPLETE or FAIL, tied to the trace. */
class LineageRunTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> events(InMemoryLineageTransport t) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String e : t.events()) {
      out.add(JSON.readTree(e));
    }
    return out;
  }

  private static DataProduct.Builder orders(RunListener listener, String currency) {
    return product("orders-lineage")
        .input(InMemoryInputPort.of("orders", ORDERS, List.of(order(1, CANARY, "DE", "EUR", "1"),
            order(2, "b@x.example", "FR", currency, "2"), order(3, "c@x.example", "DE", "EUR",
                "3"))))
        .output(Fixtures.cleanPort("clean"))
        .listener(listener);
  }

  @Test
  void run_emitsStartAndComplete_withTheRunsTraceAndCounts() throws Exception {
    InMemoryLineageTransport t = InMemoryLineageTransport.create();
    RunResult run;
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).namespace("sales").build()) {
      run = dp.run(orders(emitter, "XXX").build());
    }

    assertThat(run).succeeded().wrote("clean", 2).quarantined("clean", 1,
        "currency-allowed-values");
    List<JsonNode> events = events(t);
    assertThat(events).extracting(e -> e.get("eventType").asText())
        .containsExactly("START", "COMPLETE");
    SpanData runSpan = dp.spans("dataproduct.run orders-lineage").get(0);
    for (JsonNode e : events) {
      assertThat(e.get("run").get("runId").asText()).isEqualTo(run.runId());
      JsonNode trace = e.get("run").get("facets").get("dataproduct_trace");
      assertThat(trace.get("traceId").asText()).isEqualTo(runSpan.getTraceId());
      assertThat(trace.get("spanId").asText()).isEqualTo(runSpan.getSpanId());
      assertThat(trace.get("traceparent").asText()).isEqualTo("00-" + runSpan.getTraceId() + "-"
          + runSpan.getSpanId() + "-01");
    }
    JsonNode out = events.get(1).get("outputs").get(0);
    // in-memory ports are named by their store: namespace memory, the port's store name
    assertThat(out.get("namespace").asText()).isEqualTo("memory");
    assertThat(out.get("name").asText()).isEqualTo("clean");
    assertThat(out.get("facets").get("dataproduct_port").toString()).contains(
        "\"namespace\":\"sales\",\"product\":\"orders-lineage\",\"port\":\"clean\","
            + "\"portType\":\"memory\",\"direction\":\"output\"");
    JsonNode in = events.get(1).get("inputs").get(0);
    assertThat(in.get("namespace").asText() + " " + in.get("name").asText())
        .isEqualTo("memory orders");
    assertThat(out.get("outputFacets").get("dataproduct_rows").toString())
        .contains("\"received\":3", "\"written\":2", "\"quarantined\":1",
            "\"publicationId\":1", "\"violations\":{\"currency-allowed-values\":1}");
    assertThat(out.get("facets").get("version").get("datasetVersion").asText()).isEqualTo("1");
    assertThat(events.get(1).get("inputs").get(0).get("inputFacets").get("dataQualityMetrics")
        .get("rowCount").asLong()).isEqualTo(3);
    assertThat(t.events()).noneMatch(e -> e.contains(CANARY) || e.contains("XXX"));
  }

  @Test
  void failedRun_emitsFail_withTheReason() throws Exception {
    InMemoryLineageTransport t = InMemoryLineageTransport.create();
    RunResult run;
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).build()) {
      DataProduct p = orders(emitter, "EUR").output(InMemoryOutputPort.create("strict",
          Fixtures.cleanContract().toBuilder().rule(Rules.rowCount(10, null)
              .action(Action.FAIL)).build())).build();
      run = dp.run(p.withInput("orders", InMemoryInputPort.of("orders", ORDERS,
          goodOrders(3))));
    }

    assertThat(run).failed();
    JsonNode fail = events(t).get(1);
    assertThat(fail.get("eventType").asText()).isEqualTo("FAIL");
    assertThat(fail.get("run").get("facets").get("errorMessage").get("message").asText())
        .contains("rule 'row-count' (action FAIL) violated");
  }

  @Test
  void blockedTransport_neverDelaysTheRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    LineageTransport blocked = event -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sent.add(event);
    };
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(blocked).build()) {
      RunResult run = dp.run(orders(emitter, "EUR").build());

      assertThat(run).succeeded().wrote("clean", 3);
      assertThat(sent).isEmpty(); // the run finished while the transport was still blocked
      release.countDown();
      assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(sent).hasSize(2);
  }

  @Test
  void throwingListener_doesNotAffectTheRunOrOtherListeners() throws Exception {
    InMemoryLineageTransport t = InMemoryLineageTransport.create();
    RunListener broken = new RunListener() {
      @Override
      public void onStart(Start start) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onComplete(Start start, RunResult result) {
        throw new IllegalStateException("listener bug");
      }
    };
    RunResult run;
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).build()) {
      run = dp.run(orders(broken, "EUR").listener(emitter).build());
    }

    assertThat(run).succeeded().wrote("clean", 3);
    assertThat(t.events()).hasSize(2);
  }

  @Test
  void listeners_surviveToBuilderAndWithInput() {
    InMemoryLineageTransport t = InMemoryLineageTransport.create();
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).build()) {
      DataProduct p = orders(emitter, "EUR").build();
      DataProduct derived = p.withInput("orders", InMemoryInputPort.of("orders", ORDERS,
          goodOrders(2)));

      assertThat(derived.listeners()).containsExactly(emitter);
      assertThat(p.toBuilder().build().listeners()).containsExactly(emitter);
    }
  }

  @Test
  void emittedEvents_validateAgainstTheOfficialSchemas_andBrokenOnesDoNot() throws Exception {
    InMemoryLineageTransport t = InMemoryLineageTransport.create();
    try (OpenLineageEmitter emitter = OpenLineageEmitter.builder(t).namespace("sales").build()) {
      dp.run(orders(emitter, "XXX").build());
    }

    assertThat(t.events()).hasSize(2);
    for (String e : t.events()) {
      assertThat(OpenLineageSchemas.errors(e)).as(e).isEmpty();
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode badType =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(t.events().get(0));
    badType.put("eventType", "BEGIN");
    assertThat(OpenLineageSchemas.errors(badType.toString())).isNotEmpty();
    com.fasterxml.jackson.databind.node.ObjectNode unknownFacet =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(t.events().get(0));
    ((com.fasterxml.jackson.databind.node.ObjectNode) unknownFacet.path("run").path("facets"))
        .putObject("mystery").put("x", 1);
    assertThat(OpenLineageSchemas.errors(unknownFacet.toString()))
        .contains("facet 'mystery' has no known schema");
  }
}
