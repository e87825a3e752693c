package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.CANARY;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanPort;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Transforms;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.telemetry.TelemetryNames;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelemetryTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static DataProduct product3(List<Row> rows) {
    return product("telemetry")
        .input(InMemoryInputPort.of("orders", ORDERS, rows))
        .output(cleanPort("clean"))
        .batchSize(2)
        .build();
  }

  @Test
  void run_spansAreChildrenOfTheCallersCurrentSpan_withDesignNamesAndAttributes() {
    Tracer tracer = dp.openTelemetry().getTracer("caller");
    Span parent = tracer.spanBuilder("caller-job").startSpan();
    RunResult run;
    try (Scope ignored = parent.makeCurrent()) {
      run = dp.run(product3(goodOrders(5)));
    } finally {
      parent.end();
    }
    assertThat(run).succeeded();
    SpanData root = dp.spans("dataproduct.run telemetry").get(0);
    assertThat(root.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(root.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(root.getAttributes().get(TelemetryNames.PRODUCT_NAME)).isEqualTo("telemetry");
    assertThat(root.getAttributes().get(TelemetryNames.PRODUCT_VERSION)).isEqualTo("1.0.0");
    assertThat(root.getAttributes().get(TelemetryNames.PRODUCT_DOMAIN)).isEqualTo("sales");
    assertThat(root.getAttributes().get(TelemetryNames.RUN_ID)).isEqualTo(run.runId());
    assertThat(root.getAttributes().get(TelemetryNames.ROWS)).isEqualTo(5L);
    for (String child : List.of("dataproduct.read orders", "dataproduct.transform",
        "dataproduct.write clean")) {
      SpanData s = dp.spans(child).get(0);
      assertThat(s.getParentSpanId()).as(child).isEqualTo(root.getSpanId());
    }
    SpanData write = dp.spans("dataproduct.write clean").get(0);
    assertThat(write.getAttributes().get(TelemetryNames.PORT)).isEqualTo("clean");
    assertThat(write.getAttributes().get(TelemetryNames.PORT_TYPE)).isEqualTo("memory");
    assertThat(write.getAttributes().get(TelemetryNames.PUBLICATION_ID)).isEqualTo(1L);
    assertThat(dp.spans("dataproduct.read orders").get(0).getAttributes()
        .get(TelemetryNames.ROWS)).isEqualTo(5L);
  }

  @Test
  void run_metersHaveDesignNamesTagsDescriptionsAndUnits() {
    List<Row> rows = new ArrayList<>(goodOrders(5));
    rows.add(order(6, "q@example.com", "DE", "EUR", "-1.00"));
    RunResult run = dp.run(product3(rows));
    assertThat(run).succeeded();
    MeterRegistry m = dp.meters();
    assertThat(m).counter(TelemetryNames.METER_ROWS_READ, "product", "telemetry", "port",
        "orders").hasCount(6);
    assertThat(m).counter(TelemetryNames.METER_ROWS_WRITTEN, "port", "clean").hasCount(5);
    assertThat(m).counter(TelemetryNames.METER_ROWS_QUARANTINED, "port", "clean").hasCount(1);
    assertThat(m).counter(TelemetryNames.METER_POLICY_VIOLATIONS, "rule", "amount-range")
        .hasCount(1);
    assertThat(m).timerCount(TelemetryNames.METER_RUN_DURATION, "outcome",
        "succeeded_with_warnings").isEqualTo(1);
    assertThat(m).gauge(TelemetryNames.METER_FRESHNESS, "port", "clean")
        .isBetween(0.0, 60.0);
    for (Meter meter : m.getMeters()) {
      assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
      assertThat(meter.getId().getName()).matches("dataproduct(\\.[a-z]+)+");
      assertThat(meter.getId().getTags()).allSatisfy(t -> assertThat(t.getKey())
          .isIn("product", "port", "rule", "outcome", "role"));
    }
    // the unit is a word of the row counters' names: no base unit, so that Prometheus does not
    // append it again (PrometheusNamesTest checks the scrape)
    assertThat(m.get(TelemetryNames.METER_ROWS_WRITTEN).counter().getId().getBaseUnit())
        .isNull();
    assertThat(m.get(TelemetryNames.METER_POLICY_VIOLATIONS).counter().getId().getBaseUnit())
        .isEqualTo("violations");
    assertThat(m.get(TelemetryNames.METER_FRESHNESS).gauge().getId().getBaseUnit())
        .isEqualTo("seconds");
    // the in-memory store cannot tell its bytes: no meter rather than a false 0
    assertThat(m).hasNoMeter(TelemetryNames.METER_BYTES_WRITTEN);
    SpanData write = dp.spans("dataproduct.write clean").get(0);
    assertThat(write.getEvents()).extracting(EventData::getName)
        .containsExactly(TelemetryNames.EVENT_POLICY_VIOLATION);
    assertThat(write.getEvents().get(0).getAttributes().get(TelemetryNames.RULE_ID))
        .isEqualTo("amount-range");
    assertThat(write.getEvents().get(0).getAttributes().get(TelemetryNames.VIOLATION_COUNT))
        .isEqualTo(1L);
  }

  @Test
  void freshness_growsWithTimeSinceTheLastPublication() {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    TestClock clock = TestClock.at(t0);
    DataProduct p = product("fresh")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .output(dev.dataproduct.OutputPort.builder("clean", InMemoryPublicationStore.create(clock))
            .contract(Fixtures.cleanContract()).build())
        .clock(clock).build();
    assertThat(dp.run(p)).succeeded();
    clock.advance(Duration.ofMinutes(90));
    assertThat(dp.meters()).gauge(TelemetryNames.METER_FRESHNESS, "product", "fresh", "port",
        "clean").isEqualTo(5400.0);
  }

  @Test
  void freshness_ofAPortPublishedByAnEarlierProcess_countsFromThatPublication() {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    InMemoryPublicationStore store = InMemoryPublicationStore.create(Clock.fixed(t0,
        ZoneOffset.UTC));
    dev.dataproduct.OutputPort port = dev.dataproduct.OutputPort.builder("clean", store)
        .contract(Fixtures.cleanContract()).build();
    // an earlier process published once
    assertThat(product("earlier").input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .output(port).telemetry(Telemetry.noop()).build().run()).succeeded();
    // this process's product fails before committing, yet reports the port's freshness
    DataProduct p = product("later")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .transform(ctx -> {
          throw new IllegalStateException("down");
        })
        .output(port).clock(Clock.fixed(t0.plusSeconds(600), ZoneOffset.UTC)).build();
    assertThat(dp.run(p)).failed();
    assertThat(dp.meters()).gauge(TelemetryNames.METER_FRESHNESS, "product", "later", "port",
        "clean").isEqualTo(600.0);
  }

  @Test
  void freshness_isOnePortsGauge_sharedByEveryInstanceOfTheProduct() {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    TestClock clock = TestClock.at(t0);
    DataProduct first = product("shared")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .output(dev.dataproduct.OutputPort.builder("clean", InMemoryPublicationStore.create(clock))
            .contract(Fixtures.cleanContract()).build())
        .clock(clock).build();
    assertThat(dp.run(first)).succeeded();
    // a second instance of the same product (rebuilt), publishing later
    clock.set(t0.plusSeconds(100));
    assertThat(dp.run(first.toBuilder().build())).succeeded();
    clock.set(t0.plusSeconds(130));
    assertThat(dp.meters()).gauge(TelemetryNames.METER_FRESHNESS, "product", "shared", "port",
        "clean").isEqualTo(30.0);
  }

  @Test
  void piiCanary_neverReachesSpansMetersLogsOrExceptionMessages() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    List<String> messages = new ArrayList<>();
    try {
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      // rejected by rules and by conformance with the canary in the row
      DataProduct p = product("canary")
          .input(InMemoryInputPort.of("orders", ORDERS,
              order(1, CANARY, "DE", "EUR", "-1.00"),
              order(2, CANARY + "-that-is-far-too-long-for-the-sixty-four-character-maximum",
                  "DE", "EUR", "1.00"),
              order(3, CANARY, "DE", "EUR", "2.00")))
          .expect("orders", Rules.pattern("customer_email", "[a-z]+").id("email-letters")
              .action(dev.dataproduct.policy.Action.WARN))
          .transform(Transforms.map(r -> r))
          .output(cleanPort("clean"))
          .build();
      RunResult ok = dp.run(p);
      assertThat(ok).succeeded().wrote("clean", 1);
      ok.violations().forEach(v -> messages.add(v.example()));
      // a failing run: FAIL rule on the pii field, and a transform that throws with it
      DataProduct failing = p.toBuilder()
          .expect("orders", Rules.custom("no-canary", r -> !CANARY.equals(
              r.get("customer_email"))).action(dev.dataproduct.policy.Action.FAIL))
          .build();
      RunResult failed = dp.run(failing);
      assertThat(failed).failed();
      messages.add(failed.error().orElseThrow().getMessage());
      DataProduct throwing = p.toBuilder().transform(Transforms.map(r -> {
        throw new IllegalStateException("bad row " + r.get("customer_email"));
      })).build();
      RunResult thrown = dp.run(throwing);
      assertThat(thrown).failed();
      // consumer read of the pii column (masked by default), then a denied read
      DataProduct readable = dp.instrument(p.toBuilder().policy(AccessPolicy.allowAll()).build());
      try (BatchReader r = readable.output("clean").read(Principal.of("reader"),
          ReadOptions.latest())) {
        for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
          b.forEach(row -> messages.add(row.toString()));
          b.forEach(row -> assertThat(row.get("customer_email")).isNull());
        }
      }
      DataProduct guarded = dp.instrument(p.toBuilder()
          .policy(AccessPolicy.allow("analyst")).build());
      try {
        guarded.output("clean").read(Principal.of(CANARY.substring(0, 6)), ReadOptions.latest());
      } catch (RuntimeException e) {
        messages.add(e.getMessage());
      }
    } finally {
      System.setErr(originalErr);
    }
    String logText = logs.toString(StandardCharsets.UTF_8);
    assertThat(logText).as("logs").contains("failed").doesNotContain("canary-7f3a9e");
    assertThat(messages).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain(
        "canary-7f3a9e"));
    assertThat(dp.spans()).isNotEmpty();
    for (SpanData s : dp.spans()) {
      assertThat(s.toString()).as(s.getName()).doesNotContain("canary-7f3a9e");
    }
    for (Meter m : dp.meters().getMeters()) {
      assertThat(m.getId().toString()).doesNotContain("canary-7f3a9e");
    }
  }

  @Test
  void failingTelemetry_neverFailsTheRun() {
    MeterRegistry broken = new SimpleMeterRegistry() {
      @Override
      protected io.micrometer.core.instrument.Counter newCounter(Meter.Id id) {
        throw new IllegalStateException("registry down");
      }

      @Override
      protected <T> io.micrometer.core.instrument.Gauge newGauge(Meter.Id id, T obj,
          java.util.function.ToDoubleFunction<T> f) {
        throw new IllegalStateException("registry down");
      }
    };
    OpenTelemetry brokenOtel = new OpenTelemetry() {
      @Override
      public TracerProvider getTracerProvider() {
        return new TracerProvider() {
          @Override
          public Tracer get(String name) {
            throw new IllegalStateException("tracing down");
          }

          @Override
          public Tracer get(String name, String version) {
            throw new IllegalStateException("tracing down");
          }
        };
      }

      @Override
      public ContextPropagators getPropagators() {
        return ContextPropagators.noop();
      }
    };
    DataProduct p = product("resilient")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(cleanPort("clean"))
        .telemetry(Telemetry.of(brokenOtel, broken))
        .build();
    RunResult run = p.run();
    assertThat(run).succeeded().wrote("clean", 3).accountingBalanced();
  }

  @Test
  void consumerRead_isASpanWithDecisionEventAndCountedByRoleAndOutcome() {
    DataProduct p = dp.instrument(product("consumed")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst"))
        .build());
    assertThat(p.run()).succeeded();
    try (BatchReader r = p.read("clean", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())) {
      assertThat(r.next()).hasSize(3);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.read("clean",
        Principal.of("bob"), ReadOptions.latest()))
        .isInstanceOf(dev.dataproduct.AccessDeniedException.class);
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "role", "analyst",
        "outcome", "granted").hasCount(1);
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "role", "none",
        "outcome", "denied").hasCount(1);
    // the principal's id is personal data of unbounded cardinality: span only, never a tag
    assertThat(dp.meters().getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
        .extracting(Tag::getValue)
        .doesNotContain("ana", "bob"));
    List<SpanData> consumes = dp.spans("dataproduct.consume clean");
    assertThat(consumes).hasSize(2);
    assertThat(consumes).extracting(s -> s.getAttributes().get(TelemetryNames.CONSUMER))
        .containsExactlyInAnyOrder("ana", "bob");
    assertThat(consumes).allSatisfy(s -> assertThat(s.getEvents()).extracting(EventData::getName)
        .contains(TelemetryNames.EVENT_ACCESS_DECISION));
    assertThat(consumes).anySatisfy(s -> assertThat(s.getAttributes().get(TelemetryNames.ROWS))
        .isEqualTo(3L));
  }

  @Test
  void consumerReads_roleTag_isTheDecidingPolicyRole_neverARoleNoPolicyNames() {
    DataProduct p = dp.instrument(product("roles")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(2)))
        .output(cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst", "finance"))
        .policy(AccessPolicy.deny("contractor"))
        .build());
    assertThat(p.run()).succeeded();
    p.read("clean", Principal.of("ana").withRoles("finance", "team-ana-private"),
        ReadOptions.latest()).close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.read("clean",
        Principal.of("carl").withRoles("analyst", "contractor"), ReadOptions.latest()))
        .isInstanceOf(dev.dataproduct.AccessDeniedException.class);
    DataProduct open = dp.instrument(product("open")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(2)))
        .output(cleanPort("clean"))
        .policy(AccessPolicy.allowAll())
        .build());
    assertThat(open.run()).succeeded();
    open.read("clean", Principal.of("zoe").withRoles("anything"), ReadOptions.latest()).close();

    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "product", "roles",
        "role", "finance", "outcome", "granted").hasCount(1);
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "product", "roles",
        "role", "contractor", "outcome", "denied").hasCount(1);
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "product", "open",
        "role", "*", "outcome", "granted").hasCount(1);
    assertThat(dp.meters().find(TelemetryNames.METER_CONSUMER_READS).counters())
        .extracting(c -> c.getId().getTag("role"))
        .containsExactlyInAnyOrder("finance", "contractor", "*");
  }

  /**
   * A store that delegates to memory and describes its reads (and writes) with attributes of its
   * own, some of them in the SDK's namespace.
   */
  private static final class DescribedStore extends ForwardingPublicationStore {
    final Map<String, String> attributes;
    final java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    RuntimeException failure;

    DescribedStore(Map<String, String> attributes) {
      super(InMemoryPublicationStore.create());
      this.attributes = attributes;
    }

    @Override
    public String type() {
      return "described";
    }

    @Override
    public PublicationWriter open(WriteContext context) {
      attributes.forEach(context::setAttribute);
      return super.open(context);
    }

    @Override
    public Map<String, String> readAttributes(Publication publication) {
      asked.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return attributes;
    }
  }

  private static final Map<String, String> HOSTILE = Map.of(
      "dataproduct.port", "evil-port",
      "dataproduct.name", "evil-name",
      "DataProduct.Consumer", "evil-consumer",
      "dataproduct.publication.id", "evil-id",
      "db.system.name", "described-db",
      "db.collection.name", "orders_table");

  private DataProduct described(DescribedStore store) {
    DataProduct p = dp.instrument(product("described")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(OutputPort.builder("clean", store).contract(Fixtures.cleanContract()).build())
        .policy(AccessPolicy.allow("analyst"))
        .build());
    assertThat(p.run()).succeeded();
    return p;
  }

  private static List<Row> drain(BatchReader r) {
    List<Row> all = new ArrayList<>();
    for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
      all.addAll(b);
    }
    return all;
  }

  @Test
  void consumerRead_storeReadAttributes_areOnTheConsumeSpan_butNeverOverwriteTheSdksOwn() {
    DescribedStore store = new DescribedStore(HOSTILE);
    DataProduct p = described(store);

    try (BatchReader r = p.read("clean", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())) {
      assertThat(drain(r)).hasSize(3);
    }

    SpanData consume = dp.spans("dataproduct.consume clean").get(0);
    assertThat(store.asked).hasValue(1);
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo("described-db");
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
        .isEqualTo("orders_table");
    assertThat(consume.getAttributes().get(TelemetryNames.PORT)).isEqualTo("clean");
    assertThat(consume.getAttributes().get(TelemetryNames.PRODUCT_NAME)).isEqualTo("described");
    assertThat(consume.getAttributes().get(TelemetryNames.CONSUMER)).isEqualTo("ana");
    assertThat(consume.getAttributes().get(TelemetryNames.PUBLICATION_ID)).isEqualTo(1L);
    assertThat(consume.getAttributes().asMap()).allSatisfy((k, v) ->
        assertThat(String.valueOf(v)).doesNotStartWith("evil"));
    assertThat(consume.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
        .filteredOn(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("dataproduct."))
        .containsExactlyInAnyOrder("dataproduct.name", "dataproduct.port",
            "dataproduct.port.type", "dataproduct.consumer", "dataproduct.publication.id",
            "dataproduct.rows");
  }

  @Test
  void writeContext_attributeInTheSdksNamespace_neverOverwritesTheWriteSpansOwn() {
    DescribedStore store = new DescribedStore(HOSTILE);
    described(store);

    SpanData write = dp.spans("dataproduct.write clean").get(0);
    assertThat(write.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo("described-db");
    assertThat(write.getAttributes().get(TelemetryNames.PORT)).isEqualTo("clean");
    assertThat(write.getAttributes().get(TelemetryNames.PRODUCT_NAME)).isEqualTo("described");
    assertThat(write.getAttributes().asMap()).allSatisfy((k, v) ->
        assertThat(String.valueOf(v)).doesNotStartWith("evil"));
  }

  @Test
  void consumerRead_denied_carriesNoStorageAttributes_andNeverAsksTheStore() {
    DescribedStore store = new DescribedStore(HOSTILE);
    DataProduct p = described(store);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.read("clean",
        Principal.of("bob"), ReadOptions.latest()))
        .isInstanceOf(dev.dataproduct.AccessDeniedException.class);

    SpanData consume = dp.spans("dataproduct.consume clean").get(0);
    assertThat(store.asked).hasValue(0);
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isNull();
    assertThat(consume.getAttributes().get(TelemetryNames.PUBLICATION_ID)).isNull();
    assertThat(consume.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void consumerRead_whenReadAttributesThrows_stillReadsWithoutThem() {
    DescribedStore store = new DescribedStore(HOSTILE);
    DataProduct p = described(store);
    store.failure = new IllegalStateException("describing failed");

    try (BatchReader r = p.read("clean", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())) {
      assertThat(drain(r)).hasSize(3);
    }

    SpanData consume = dp.spans("dataproduct.consume clean").get(0);
    assertThat(store.asked).hasValue(1);
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isNull();
    assertThat(consume.getAttributes().get(TelemetryNames.ROWS)).isEqualTo(3L);
    assertThat(consume.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }
}
