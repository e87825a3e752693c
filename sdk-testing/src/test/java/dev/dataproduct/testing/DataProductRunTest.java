package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.CLEAN;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanPort;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.ContractViolationException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.telemetry.TelemetryNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataProductRunTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static DataProduct simple(List<Row> orders) {
    return product("clean-orders")
        .input(InMemoryInputPort.of("orders", ORDERS, orders))
        .output(cleanPort("clean"))
        .build();
  }

  @Test
  void run_identity_publishesEveryConformingRow() {
    DataProduct p = simple(goodOrders(50));
    RunResult run = dp.run(p);
    assertThat(run).hasOutcome(RunOutcome.SUCCEEDED).wrote("clean", 50).accountingBalanced();
    assertThat(run.input("orders").read()).isEqualTo(50);
    assertThat(InMemoryPublicationStore.of(p.output("clean")).latestRows()).hasSize(50)
        .allSatisfy(r -> assertThat(r.schema()).isEqualTo(CLEAN));
  }

  @Test
  void run_badRows_areQuarantinedWithRuleAndReason_restPublished() {
    List<Row> orders = new ArrayList<>(goodOrders(10));
    orders.add(order(11, "x@example.com", "DE", "EUR", "-5.00"));
    orders.add(order(12, "y@example.com", "DE", "XXX", "5.00"));
    orders.add(order(13, "z@example.com", "de", "EUR", "5.00"));
    orders.add(order(14, null, "DE", "EUR", "5.00"));
    DataProduct p = simple(orders);

    RunResult run = dp.run(p);

    assertThat(run).hasOutcome(RunOutcome.SUCCEEDED_WITH_WARNINGS).wrote("clean", 10)
        .quarantined("clean", 4)
        .quarantined("clean", 1, "amount-range")
        .quarantined("clean", 1, "currency-allowed-values")
        .quarantined("clean", 1, "country-pattern")
        .quarantined("clean", 1, Quarantine.SCHEMA_RULE_ID)
        .accountingBalanced();
    List<Row> records = InMemoryPublicationStore.of(p.output("clean")).quarantinedRows();
    assertThat(records).hasSize(4).allSatisfy(r -> {
      assertThat(r.getString(Quarantine.RUN_ID)).isEqualTo(run.runId());
      assertThat(r.getString(Quarantine.PRODUCT)).isEqualTo("clean-orders");
      assertThat(r.getString(Quarantine.PORT)).isEqualTo("clean");
    });
    Map<String, String> reasons = new HashMap<>();
    records.forEach(r -> reasons.put(r.getString(Quarantine.RULE_ID),
        r.getString(Quarantine.REASON)));
    assertThat(reasons.get("amount-range")).isEqualTo(
        "field 'amount' value '-5.00' is outside [0, +inf]");
    assertThat(reasons.get(Quarantine.SCHEMA_RULE_ID))
        .isEqualTo("field 'customer_email' is required but null");
    assertThat(records).anySatisfy(r -> assertThat(r.getString(Quarantine.RECORD))
        .contains("\"order_id\":\"12\"").contains("\"currency\":\"XXX\""));
  }

  @Test
  void run_wrongTypedValues_quarantinedNamingTheField_neverClassCastException() {
    Schema loose = Schema.of(Field.required("order_id", FieldType.INTEGER),
        Field.optional("customer_email", FieldType.STRING),
        Field.optional("country", FieldType.STRING), Field.optional("currency", FieldType.STRING),
        Field.optional("amount", FieldType.STRING), Field.optional("placed_at", FieldType.STRING));
    Transform retype = Transforms.map(r -> Row.of(ORDERS, r.toArray()));
    DataProduct p = product("typed")
        .input(InMemoryInputPort.of("orders", loose,
            Row.of(loose, 1L, "a@b.c", "DE", "EUR", "12.50", null),
            Row.of(loose, 2L, "a@b.c", "DE", "EUR", null, "yesterday")))
        .transform(retype)
        .output(cleanPort("clean"))
        .build();

    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("clean", 0).quarantined("clean", 2, "schema")
        .accountingBalanced();
    assertThat(InMemoryPublicationStore.of(p.output("clean")).quarantinedRows())
        .extracting(r -> r.getString(Quarantine.REASON))
        .containsExactlyInAnyOrder("field 'amount' expects number, got String",
            "field 'amount' is required but null");
  }

  @Test
  void run_nonConformingWithFailSetting_failsAndPublishesNothing() {
    OutputPort strict = InMemoryOutputPort.builder("clean").contract(Fixtures.cleanContract())
        .onNonConforming(Action.FAIL).build();
    DataProduct p = product("strict")
        .input(InMemoryInputPort.of("orders", ORDERS, order(1, null, "DE", "EUR", "1.00")))
        .output(strict).build();

    RunResult run = dp.run(p);

    assertThat(run).failed().publishedNothing().accountingBalanced();
    assertThat(run).error().isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("rule 'schema' (action FAIL)")
        .hasMessageContaining("'customer_email' is required but null");
    assertThat(strict.latest()).isEmpty();
    assertThat(InMemoryPublicationStore.of(strict).quarantinedRows()).hasSize(1)
        .allSatisfy(r -> assertThat(r.getString(Quarantine.REASON)).startsWith("FAIL: "));
  }

  @Test
  void run_twoInputsTwoOutputs_joinsAndRoutes() {
    Schema customers = Schema.of(Field.required("email", FieldType.STRING),
        Field.required("segment", FieldType.STRING));
    Schema segmentRevenue = Schema.of(Field.required("segment", FieldType.STRING),
        Field.required("revenue", FieldType.NUMBER).withDecimal(14, 2));
    DataContract segContract = DataContract.builder("segments").schema(segmentRevenue).build();
    Transform join = ctx -> {
      Map<String, String> segmentOf = new HashMap<>();
      for (Row c : ctx.rows("customers")) {
        segmentOf.put(c.getString("email"), c.getString("segment"));
      }
      Map<String, BigDecimal> totals = new HashMap<>();
      for (Row o : ctx.rows("orders")) {
        ctx.emit("clean", o);
        String seg = segmentOf.getOrDefault(o.getString("customer_email"), "unknown");
        totals.merge(seg, o.getDecimal("amount"), BigDecimal::add);
      }
      totals.forEach((seg, total) -> ctx.emit("segments", Row.of(segmentRevenue, seg, total)));
    };
    DataProduct p = product("two-by-two")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(4)))
        .input(InMemoryInputPort.of("customers", customers,
            Row.of(customers, "c1@example.com", "gold"), Row.of(customers, "c2@example.com",
                "gold"), Row.of(customers, "c3@example.com", "silver")))
        .transform(join)
        .output(cleanPort("clean"))
        .output(InMemoryOutputPort.create("segments", segContract))
        .build();

    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("clean", 4).wrote("segments", 3).accountingBalanced();
    assertThat(run.input("customers").read()).isEqualTo(3);
    Map<String, BigDecimal> segments = new HashMap<>();
    InMemoryPublicationStore.of(p.output("segments")).latestRows()
        .forEach(r -> segments.put(r.getString("segment"), r.getDecimal("revenue")));
    assertThat(segments).containsOnlyKeys("gold", "silver", "unknown");
    assertThat(segments.get("gold")).isEqualByComparingTo("31.00"); // 10.50 + 20.50
    assertThat(segments.get("unknown")).isEqualByComparingTo("40.50");
    assertThat(dp.spans()).extracting(s -> s.getName()).contains(
        "dataproduct.run two-by-two", "dataproduct.read orders", "dataproduct.read customers",
        "dataproduct.transform", "dataproduct.write clean", "dataproduct.write segments");
  }

  @Test
  void run_failRuleOnOnePort_abortsBothPublications() {
    DataContract failing = Fixtures.cleanContract().toBuilder().clearRules()
        .rule(Rules.range("amount", BigDecimal.ZERO, null).action(Action.FAIL)).build();
    DataProduct p = product("fail-both")
        .input(InMemoryInputPort.of("orders", ORDERS, order(1, "a@b.c", "DE", "EUR", "5.00"),
            order(2, "a@b.c", "DE", "EUR", "-1.00")))
        .transform(Transforms.identity())
        .output(cleanPort("first"))
        .output(InMemoryOutputPort.create("second", failing))
        .build();
    OutputPort first = p.output("first");
    OutputPort second = p.output("second");

    RunResult run = dp.run(p);

    assertThat(run).failed().publishedNothing().accountingBalanced();
    assertThat(run).error().isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("Output port 'second': rule 'amount-range' (action FAIL)");
    assertThat(first.latest()).isEmpty();
    assertThat(second.latest()).isEmpty();
    // 'first' quarantines the negative amount by its own (QUARANTINE) rule, accepts the other
    assertThat(run.output("first").discarded()).isEqualTo(1);
    assertThat(run.output("first").quarantined()).isEqualTo(1);
    assertThat(run.output("first").written()).isZero();
    assertThat(run.output("second").quarantined()).isEqualTo(1);
  }

  @Test
  void run_transformThatSwallowsAFailViolation_stillFails() {
    DataContract failing = Fixtures.cleanContract().toBuilder().clearRules()
        .rule(Rules.range("amount", BigDecimal.ZERO, null).action(Action.FAIL)).build();
    DataProduct p = product("swallow")
        .input(InMemoryInputPort.of("orders", ORDERS, order(1, "a@b.c", "DE", "EUR", "-1.00"),
            order(2, "a@b.c", "DE", "EUR", "1.00")))
        .transform(ctx -> {
          for (Row r : ctx.rows("orders")) {
            try {
              ctx.emit(r);
            } catch (ContractViolationException ignored) {
              // a careless transform must not be able to publish past a FAIL rule
            }
          }
        })
        .output(InMemoryOutputPort.create("clean", failing))
        .batchSize(1)
        .build();
    RunResult run = dp.run(p);
    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(ContractViolationException.class);
    assertThat(p.output("clean").latest()).isEmpty();
  }

  @Test
  void run_warnRule_countsButPublishes() {
    DataContract warn = Fixtures.cleanContract().toBuilder().clearRules()
        .rule(Rules.range("amount", new BigDecimal("100"), null).action(Action.WARN)).build();
    DataProduct p = product("warn")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(InMemoryOutputPort.create("clean", warn)).build();

    RunResult run = dp.run(p);

    assertThat(run).hasOutcome(RunOutcome.SUCCEEDED_WITH_WARNINGS).wrote("clean", 3)
        .violated("amount-range", 3).accountingBalanced();
  }

  @Test
  void run_datasetRowCountFail_abortsAndWarnPublishes() {
    DataContract atLeast10 = Fixtures.cleanContract().toBuilder()
        .rule(Rules.rowCount(10, null)).build();
    DataProduct p = product("row-count")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(InMemoryOutputPort.create("clean", atLeast10)).build();
    RunResult run = dp.run(p);
    assertThat(run).failed().publishedNothing().accountingBalanced();
    assertThat(run).error().hasMessageContaining("has 3 rows, fewer than the minimum 10");

    DataContract warnOnly = Fixtures.cleanContract().toBuilder()
        .rule(Rules.rowCount(10, null).action(Action.WARN)).build();
    RunResult warned = dp.run(p.withOutput(InMemoryOutputPort.create("clean", warnOnly)));
    assertThat(warned).hasOutcome(RunOutcome.SUCCEEDED_WITH_WARNINGS).wrote("clean", 3)
        .violated("row-count", 1);
  }

  @Test
  void run_exceptionInTransform_failsPublishesNothing_andMarksSpansError() {
    DataProduct p = product("broken")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(20)))
        .transform(Transforms.map(r -> {
          if (r.getLong("order_id") == 7) {
            throw new IllegalStateException("boom at " + r.get("customer_email"));
          }
          return r;
        }))
        .output(cleanPort("clean")).batchSize(5).build();

    RunResult run = dp.run(p);

    assertThat(run).failed().publishedNothing().accountingBalanced();
    assertThat(run).error().isInstanceOf(IllegalStateException.class);
    assertThat(p.output("clean").latest()).isEmpty();
    assertThat(dp.spans("dataproduct.run broken")).singleElement()
        .satisfies(s -> assertThat(s).hasStatus(io.opentelemetry.sdk.trace.data.StatusData
            .create(io.opentelemetry.api.trace.StatusCode.ERROR,
                "java.lang.IllegalStateException")));
    assertThat(dp.spans("dataproduct.transform").get(0).getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(dp.meters()).timerCount("dataproduct.run.duration", "outcome", "failed")
        .isEqualTo(1);
  }

  @Test
  void run_emitToUnknownPort_failsNamingPortAndKnownOnes() {
    DataProduct p = product("unknown-port")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .transform(ctx -> ctx.rows("orders").forEach(r -> ctx.emit("nope", r)))
        .output(cleanPort("clean")).build();
    RunResult run = dp.run(p);
    assertThat(run).failed().error().hasMessage(
        "Product 'unknown-port' has no output port 'nope'; output ports are [clean]");
  }

  @Test
  void run_readingAnInputTwice_failsClearly() {
    DataProduct p = product("twice")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .transform(ctx -> {
          ctx.rows("orders").forEach(ctx::emit);
          ctx.rows("orders").forEach(ctx::emit);
        })
        .output(cleanPort("clean")).build();
    assertThat(dp.run(p)).failed().error()
        .hasMessage("Input port 'orders' can be iterated once per run");
  }

  @Test
  void run_filterAndMapBatches_countFilteredRows() {
    DataProduct p = product("filtered")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(10)))
        .transform(Transforms.filter(r -> "DE".equals(r.getString("country"))))
        .output(cleanPort("clean")).build();
    RunResult run = dp.run(p);
    assertThat(run).succeeded().wrote("clean", 5).accountingBalanced();
    assertThat(run.output("clean").filtered()).isEqualTo(5);

    DataProduct batches = p.toBuilder()
        .transform(Transforms.mapBatches(b -> b.subList(0, b.size() / 2))).batchSize(4).build();
    RunResult run2 = dp.run(batches);
    // batches of 4, 4, 2 keep 2, 2, 1
    assertThat(run2).succeeded().wrote("clean", 5).accountingBalanced();
    assertThat(run2.output("clean").filtered()).isEqualTo(5);
  }

  @Test
  void run_rowWiseTransformThatLosesRows_failsOnAccounting() {
    Transform lossy = new Transform() {
      @Override
      public void apply(dev.dataproduct.TransformContext ctx) {
        int i = 0;
        for (Row r : ctx.rows("orders")) {
          if (i++ % 2 == 0) {
            ctx.emit(r); // silently drops every other row without countFiltered
          }
        }
      }

      @Override
      public boolean isRowWise() {
        return true;
      }
    };
    DataProduct p = product("lossy")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(4)))
        .transform(lossy).output(cleanPort("clean")).build();

    RunResult run = dp.run(p);

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().hasMessageContaining("Row accounting does not balance")
        .hasMessageContaining("delivered 4 != received 2 + filtered 0");
  }

  @Test
  void run_inputExpectations_quarantineBeforeTheTransformSeesRows() {
    List<Row> orders = new ArrayList<>(goodOrders(5));
    orders.add(order(6, null, "DE", "EUR", "3.00"));
    orders.add(order(7, "n@example.com", "DE", "EUR", "-3.00"));
    List<Row> seen = new ArrayList<>();
    DataProduct p = product("expect")
        .input(InMemoryInputPort.of("orders", ORDERS, orders))
        .expect("orders", Rules.notNull("customer_email").id("customer-not-null"),
            Rules.range("amount", BigDecimal.ZERO, null).id("amount-positive"))
        .transform(ctx -> ctx.rows("orders").forEach(r -> {
          seen.add(r);
          ctx.emit(r);
        }))
        .output(cleanPort("clean")).build();

    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("clean", 5).quarantined("orders", 2)
        .quarantined("orders", 1, "customer-not-null").quarantined("orders", 1, "amount-positive")
        .accountingBalanced();
    assertThat(seen).hasSize(5);
    assertThat(run.input("orders").delivered()).isEqualTo(5);
    assertThat(InMemoryPublicationStore.of(p.output("clean")).quarantinedRows())
        .extracting(r -> r.getString(Quarantine.PORT)).containsOnly("orders");
  }

  @Test
  void run_inputUniqueExpectation_saysTheDuplicateIsWithinTheRunsInput() {
    List<Row> orders = new ArrayList<>(goodOrders(3));
    orders.add(order(2, "again@example.com", "DE", "EUR", "4.00"));
    DataProduct p = product("expect-unique")
        .input(InMemoryInputPort.of("orders", ORDERS, orders))
        .expect("orders", Rules.unique("order_id").id("order-once"))
        .transform(Transforms.identity())
        .output(cleanPort("clean")).build();

    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("clean", 3).quarantined("orders", 1, "order-once");
    assertThat(InMemoryPublicationStore.of(p.output("clean")).quarantinedRows())
        .extracting(r -> r.getString(Quarantine.REASON))
        .containsExactly("field 'order_id' value '2' is a duplicate within the run's input");
  }

  /**
   * An input whose reader meets two records it cannot read as rows (as a file decoder would) and
   * quarantines them through the read context, between good rows.
   */
  private static InputPort withMalformedRecords(String name, List<Row> rows,
      String... malformed) {
    return new InputPort() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Schema schema() {
        return ORDERS;
      }

      @Override
      public BatchReader read(ReadContext context) {
        return new BatchReader() {
          int batch;

          @Override
          public Schema schema() {
            return ORDERS;
          }

          @Override
          public List<Row> next() {
            switch (batch++) {
              case 0:
                return rows.subList(0, 2);
              case 1:
                for (int i = 0; i < malformed.length; i++) {
                  context.quarantine("s3://landing/orders.jsonl line " + (3 + i)
                      + ", column 9: malformed JSON", malformed[i]);
                }
                return rows.subList(2, rows.size());
              default:
                return List.of();
            }
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  @Test
  void run_recordsTheInputCouldNotRead_areQuarantinedAsText_andCountAsRead() {
    String secret = "{\"order_id\":3,\"customer_email\":\"secret@example.com\" oops";
    DataProduct p = product("malformed")
        .input(withMalformedRecords("orders", goodOrders(5), secret, null))
        .transform(Transforms.identity())
        .output(cleanPort("clean")).build();

    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("clean", 5)
        .quarantined("orders", 2, Quarantine.MALFORMED_RULE_ID).accountingBalanced();
    assertThat(run.input("orders").read()).isEqualTo(7);
    assertThat(run.input("orders").delivered()).isEqualTo(5);
    List<Row> records = InMemoryPublicationStore.of(p.output("clean")).quarantinedRows();
    assertThat(records).extracting(r -> r.getString(Quarantine.RULE_ID))
        .containsOnly(Quarantine.MALFORMED_RULE_ID);
    assertThat(records).extracting(r -> r.getString(Quarantine.REASON)).containsExactly(
        "s3://landing/orders.jsonl line 3, column 9: malformed JSON",
        "s3://landing/orders.jsonl line 4, column 9: malformed JSON");
    assertThat(records).extracting(r -> r.getString(Quarantine.RECORD)).containsExactly(
        "{\"raw\":\"{\\\"order_id\\\":3,\\\"customer_email\\\":\\\"secret@example.com\\\" oops\"}",
        "{\"raw\":null}");
    // the record's text stays in the quarantine: never in spans or meters
    assertThat(dp.spans()).allSatisfy(span -> {
      assertThat(span.getAttributes().toString()).doesNotContain("secret");
      assertThat(span.getEvents().toString()).doesNotContain("secret");
    });
    assertThat(dp.meters().getMeters()).allSatisfy(m ->
        assertThat(m.getId().toString()).doesNotContain("secret"));
    assertThat(dp.meters().get(TelemetryNames.METER_POLICY_VIOLATIONS)
        .tag(TelemetryNames.TAG_RULE, Quarantine.MALFORMED_RULE_ID).counter().count())
        .isEqualTo(2.0);
  }

  @Test
  void quarantine_withoutAReason_failsTheRun_namingTheMissingReason() {
    InputPort noReason = withMalformedRecords("orders", goodOrders(3), "x");
    DataProduct p = product("no-reason")
        .input(new InputPort() {
          @Override
          public String name() {
            return "orders";
          }

          @Override
          public Schema schema() {
            return ORDERS;
          }

          @Override
          public BatchReader read(ReadContext context) {
            context.quarantine(null, "x");
            return noReason.read(context);
          }
        })
        .transform(Transforms.identity())
        .output(cleanPort("clean")).build();

    RunResult run = dp.run(p);

    assertThat(run).failed().publishedNothing();
    assertThat(run.error().orElseThrow()).isInstanceOf(NullPointerException.class).hasMessage("reason");
  }

  @Test
  void readContext_outsideARun_refusesToQuarantine_insteadOfLosingTheRecord() {
    ReadContext bare = new ReadContext() {
      @Override
      public String productName() {
        return "p";
      }

      @Override
      public String productVersion() {
        return "1.0.0";
      }

      @Override
      public String portName() {
        return "orders";
      }

      @Override
      public String runId() {
        return "r";
      }

      @Override
      public int batchSize() {
        return 10;
      }

      @Override
      public void setAttribute(String key, String value) {}
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bare.quarantine("bad", "x"))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'orders'");
  }

  @Test
  void run_uniquePrimaryKey_isEnforcedWithinThePublication() {
    List<Row> orders = new ArrayList<>(goodOrders(3));
    orders.add(order(2, "dup@example.com", "DE", "EUR", "1.00"));
    RunResult run = dp.run(simple(orders));
    assertThat(run).succeeded().wrote("clean", 3).quarantined("clean", 1, "order_id-unique")
        .accountingBalanced();
  }

  @Test
  void run_compositePrimaryKey_isUniqueAsAWhole_notFieldByField() {
    Schema keyed = Schema.of(Field.required("day", FieldType.DATE).asPrimaryKey(),
        Field.required("country", FieldType.STRING).asPrimaryKey(),
        Field.required("revenue", FieldType.NUMBER));
    DataContract contract = DataContract.builder("keyed").schema(keyed).build();
    java.time.LocalDate d1 = java.time.LocalDate.of(2026, 11, 1);
    java.time.LocalDate d2 = d1.plusDays(1);
    DataProduct p = product("keyed")
        .input(InMemoryInputPort.of("in", keyed, Row.of(keyed, d1, "DE", 1.0),
            Row.of(keyed, d1, "FR", 2.0), Row.of(keyed, d2, "DE", 3.0),
            Row.of(keyed, d1, "DE", 4.0)))
        .output(InMemoryOutputPort.create("out", contract)).build();
    RunResult run = dp.run(p);
    assertThat(run).succeeded().wrote("out", 3).quarantined("out", 1, "primary-key-unique")
        .accountingBalanced();
  }

  @Test
  void run_compositeKeyFieldDeclaredUnique_isAlsoUniqueOnItsOwn() {
    // the contract declares `ref` unique on its own (ODCS writes unique: true for it, and the
    // compatibility check judges it so): the run enforces it, besides the key as a whole
    Schema keyed = Schema.of(Field.required("day", FieldType.DATE).asPrimaryKey(),
        Field.required("ref", FieldType.STRING).asPrimaryKey().asUnique());
    DataContract contract = DataContract.builder("keyed").schema(keyed).build();
    java.time.LocalDate d1 = java.time.LocalDate.of(2026, 11, 1);
    DataProduct p = product("keyed")
        .input(InMemoryInputPort.of("in", keyed, Row.of(keyed, d1, "a"),
            Row.of(keyed, d1.plusDays(1), "a"), Row.of(keyed, d1, "b")))
        .output(InMemoryOutputPort.create("out", contract)).build();
    RunResult run = dp.run(p);
    assertThat(run).succeeded().wrote("out", 2).quarantined("out", 1, "ref-unique")
        .accountingBalanced();
  }

  @Test
  void run_rowRejectedByEarlierRule_doesNotClaimItsUniqueKey() {
    List<Row> orders = new ArrayList<>();
    orders.add(order(1, "a@example.com", "DE", "EUR", "-1.00")); // quarantined: amount
    orders.add(order(1, "a@example.com", "DE", "EUR", "1.00")); // same key, now valid
    RunResult run = dp.run(simple(orders));
    assertThat(run).succeeded().wrote("clean", 1).quarantined("clean", 1, "amount-range")
        .quarantined("clean", 0, "order_id-unique");
  }

  @Test
  void run_inputHookFailingAfterCommit_isAWarningNotAFailure() {
    InMemoryInputPort rows = InMemoryInputPort.of("orders", ORDERS, goodOrders(2));
    dev.dataproduct.InputPort failingHook = new dev.dataproduct.InputPort() {
      @Override
      public String name() {
        return "orders";
      }

      @Override
      public Schema schema() {
        return ORDERS;
      }

      @Override
      public dev.dataproduct.spi.BatchReader read(dev.dataproduct.spi.ReadContext context) {
        return rows.read(context);
      }

      @Override
      public void onRunCommitted(dev.dataproduct.spi.ReadContext context) {
        throw new IllegalStateException("watermark store down");
      }
    };
    DataProduct p = product("hook").input(failingHook).output(cleanPort("clean")).build();
    RunResult run = dp.run(p);
    assertThat(run).hasOutcome(RunOutcome.SUCCEEDED_WITH_WARNINGS).wrote("clean", 2);
    assertThat(p.output("clean").latest()).isPresent();
  }

  @Test
  void run_isRepeatable_eachRunANewPublication() {
    DataProduct p = simple(goodOrders(3));
    RunResult first = dp.run(p);
    RunResult second = dp.run(p);
    assertThat(first.runId()).isNotEqualTo(second.runId());
    assertThat(second.publication("clean").orElseThrow().id())
        .isGreaterThan(first.publication("clean").orElseThrow().id());
    assertThat(p.output("clean").publications()).hasSize(2);
  }
}
