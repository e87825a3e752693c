package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The behaviour every {@link dev.dataproduct.spi.PublicationStore} must have, as JUnit 5 tests.
 * An adapter module extends this class in its tests and implements {@link #newPort} over real
 * storage; the tests then check publication visibility, abort, monotonic ids, the round trip of
 * every logical type, concurrent publications, quarantine, row accounting and telemetry names.
 *
 * <pre>{@code
 * class JdbcPublicationStoreTest extends PublicationStoreContract {
 *   @Override
 *   protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
 *     return JdbcOutputPort.builder(portName).dataSource(ds).table(uniqueTable())
 *         .createTableIfMissing();
 *   }
 * }
 * }</pre>
 */
public abstract class PublicationStoreContract {

  @RegisterExtension
  protected final DataProductExtension dp = DataProductExtension.create();

  /**
   * A builder for a port over fresh, empty storage (a new table, prefix, ...), with {@code
   * contract} already set or to be set by the caller through {@code .contract(...)}.
   */
  protected abstract OutputPort.Builder<?> newPort(String portName, DataContract contract);

  /** The store type the adapter reports, e.g. {@code jdbc}. */
  protected abstract String expectedType();

  /** Timestamps the storage keeps exactly (e.g. microseconds for PostgreSQL). */
  protected Instant sampleInstant() {
    return Instant.parse("2026-03-01T12:34:56.123456Z");
  }

  /** Whether the storage keeps OBJECT and ARRAY values (override to false if not). */
  protected boolean supportsNestedTypes() {
    return true;
  }

  protected static final Schema SIMPLE = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("name", FieldType.STRING).withMaxLength(40),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2));

  protected static DataContract simpleContract() {
    return DataContract.builder("simple").version("1.0.0").schema(SIMPLE)
        .rule(Rules.range("amount", BigDecimal.ZERO, null)).build();
  }

  protected static List<Row> simpleRows(int from, int count) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(Row.of(SIMPLE, (long) i, "name-" + i, new BigDecimal(i + ".50")));
    }
    return rows;
  }

  protected DataProduct product(OutputPort port, List<Row> rows) {
    return product(port, rows, SIMPLE, dev.dataproduct.Transforms.identity());
  }

  /**
   * A product reading {@code rows} through an input port whose schema is {@code inputSchema}
   * relaxed (every field optional, no length or decimal limits), so that the output port's
   * contract is what rejects bad rows.
   */
  protected DataProduct product(OutputPort port, List<Row> rows, Schema inputSchema,
      Transform transform) {
    List<Field> relaxed = new ArrayList<>();
    for (Field f : inputSchema.fields()) {
      relaxed.add(Field.optional(f.name(), f.type()));
    }
    Schema in = Schema.of(relaxed);
    List<Row> rebound = new ArrayList<>(rows.size());
    for (Row r : rows) {
      rebound.add(Row.of(in, r.toArray()));
    }
    return DataProduct.builder("contract-kit")
        .version("1.0.0")
        .domain("testing")
        .owner(Owner.business("biz@example.com"), Owner.technical("tech-team"))
        .input(InMemoryInputPort.of("in", in, rebound))
        .transform(transform)
        .output(port)
        .policy(AccessPolicy.allow(READER_ROLE))
        .telemetry(dp.telemetry())
        .build();
  }

  /** The role the kit's products grant read access to. */
  protected static final String READER_ROLE = "kit-reader";

  /**
   * Reads {@code port}, the port a kit product was built with, through that product (a port is
   * read through the product that holds it, where its policies apply), as a kit reader.
   */
  protected List<Row> readAll(OutputPort port, ReadOptions options) {
    OutputPort bound = product(port, List.of()).output(port.name());
    List<Row> all = new ArrayList<>();
    try (BatchReader r = bound.read(Principal.of("contract-kit").withRoles(READER_ROLE),
        options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  @Test
  void commit_makesPublicationVisible_withRowsAndContractVersion() {
    OutputPort port = newPort("kit-visible", simpleContract()).contract(simpleContract()).build();
    assertThat(port.latest()).isEmpty();

    RunResult run = product(port, simpleRows(1, 25)).run();

    assertThat(run).succeeded().wrote("kit-visible", 25).accountingBalanced();
    Publication p = port.latest().orElseThrow();
    assertThat(p.rows()).isEqualTo(25);
    assertThat(p.contractVersion()).isEqualTo("1.0.0");
    assertThat(p.runId()).isEqualTo(run.runId());
    assertThat(readAll(port, ReadOptions.latest())).hasSize(25)
        .extracting(r -> r.getLong("id")).contains(1L, 25L);
  }

  /**
   * Consumers reading from storage alone (another service's {@code ProductInputPort}) decide
   * access with the policies stored with each publication: the store keeps the contract it was
   * handed whole, the {@code PublishedAccess} record included.
   */
  @Test
  void contractOf_keepsTheOwnersAccessPolicies() {
    OutputPort port = newPort("kit-access", simpleContract()).contract(simpleContract()).build();
    product(port, simpleRows(1, 3)).run().orThrow();

    Publication p = port.latest().orElseThrow();
    PublishedAccess access = PublishedAccess.of(PortStorage.store(port).contractOf(p)
        .orElseThrow()).orElseThrow();

    assertThat(access.product()).isEqualTo("contract-kit");
    assertThat(access.port()).isEqualTo("kit-access");
    assertThat(access.policies()).containsExactly(AccessPolicy.allow(READER_ROLE));
  }

  @Test
  void failedRun_leavesNothingVisible_andPreviousPublicationReadable() {
    OutputPort port = newPort("kit-abort", simpleContract()).contract(simpleContract()).build();
    product(port, simpleRows(1, 10)).run().orThrow();
    Publication before = port.latest().orElseThrow();

    Transform boom = ctx -> {
      int n = 0;
      for (Row r : ctx.rows("in")) {
        ctx.emit(r);
        if (++n == 15) {
          throw new IllegalStateException("transform failed half-way");
        }
      }
    };
    RunResult failed = product(port, simpleRows(100, 30), SIMPLE, boom).run();

    assertThat(failed).failed().publishedNothing();
    assertThat(port.latest()).contains(before);
    assertThat(port.publications()).hasSize(1);
    assertThat(readAll(port, ReadOptions.latest())).hasSize(10);
  }

  @Test
  void publicationIds_increaseWithEachRun_andOldOnesStayReadable() {
    OutputPort port = newPort("kit-ids", simpleContract()).contract(simpleContract()).build();
    long previous = 0;
    for (int run = 0; run < 3; run++) {
      product(port, simpleRows(run * 10, 5 + run)).run().orThrow();
      long id = port.latest().orElseThrow().id();
      assertThat(id).isGreaterThan(previous);
      previous = id;
    }
    List<Publication> all = port.publications();
    assertThat(all).hasSize(3);
    assertThat(readAll(port, ReadOptions.publication(all.get(0).id()))).hasSize(5);
    assertThat(readAll(port, ReadOptions.publication(all.get(2).id()))).hasSize(7);
  }

  @Test
  void emptyRun_commitsEmptyPublication() {
    OutputPort port = newPort("kit-empty", simpleContract()).contract(simpleContract()).build();
    RunResult run = product(port, List.of()).run();
    assertThat(run).succeeded().wrote("kit-empty", 0).accountingBalanced();
    assertThat(readAll(port, ReadOptions.latest())).isEmpty();
  }

  @Test
  void everyLogicalType_roundTripsExactly() {
    List<Field> fields = new ArrayList<>(List.of(
        Field.required("id", FieldType.INTEGER).asPrimaryKey(),
        Field.optional("text", FieldType.STRING),
        Field.optional("price", FieldType.NUMBER).withDecimal(18, 4),
        Field.optional("ratio", FieldType.NUMBER),
        Field.optional("flag", FieldType.BOOLEAN),
        Field.optional("day", FieldType.DATE),
        Field.optional("at", FieldType.TIMESTAMP)));
    if (supportsNestedTypes()) {
      fields.add(Field.optional("attrs", FieldType.OBJECT));
      fields.add(Field.optional("tags", FieldType.ARRAY));
    }
    Schema schema = Schema.of(fields);
    DataContract contract = DataContract.builder("types").version("1.0.0").schema(schema).build();
    List<Row> rows = new ArrayList<>();
    rows.add(row(schema, 1L, "plain", new BigDecimal("12345678901234.5678"), 0.25, true,
        LocalDate.of(2026, 2, 28), sampleInstant()));
    rows.add(row(schema, 2L, "ünïcødé \u20ac \uD83D\uDE00, \"quoted\"\nnew line\ttab", 
        new BigDecimal("-0.0001"), -1.5e10, false, LocalDate.of(1970, 1, 1),
        Instant.parse("1999-12-31T23:59:59Z")));
    rows.add(row(schema, 3L, null, null, null, null, null, null));
    rows.add(row(schema, 4L, "", BigDecimal.ZERO.setScale(4), 0.0, true,
        LocalDate.of(9999, 12, 31), Instant.parse("2000-01-01T00:00:00Z")));
    OutputPort port = newPort("kit-types", contract).contract(contract).build();

    RunResult run = product(port, rows, schema, dev.dataproduct.Transforms.identity()).run();

    assertThat(run).succeeded().wrote("kit-types", 4);
    List<Row> back = new ArrayList<>(readAll(port, ReadOptions.latest()));
    back.sort(java.util.Comparator.comparing(r -> r.getLong("id")));
    assertThat(back).hasSize(4);
    for (int i = 0; i < rows.size(); i++) {
      Row expected = rows.get(i);
      Row actual = back.get(i);
      for (Field f : schema.fields()) {
        Object e = expected.get(f.name());
        Object a = actual.get(f.name());
        if (e instanceof BigDecimal && a instanceof BigDecimal) {
          assertThat((BigDecimal) a).as("field %s of row %s", f.name(), i)
              .isEqualByComparingTo((BigDecimal) e);
        } else if (e instanceof Number && a instanceof Number) {
          assertThat(((Number) a).doubleValue()).as("field %s of row %s", f.name(), i)
              .isEqualTo(((Number) e).doubleValue());
        } else {
          assertThat(a).as("field %s of row %s", f.name(), i).isEqualTo(e);
        }
      }
    }
  }

  private Row row(Schema schema, Object... base) {
    Object[] values = new Object[schema.size()];
    System.arraycopy(base, 0, values, 0, base.length);
    if (supportsNestedTypes() && base[1] != null) {
      values[7] = java.util.Map.of("k", "v");
      values[8] = List.of("a", "b");
    }
    return Row.of(schema, values);
  }

  @Test
  void concurrentRuns_getDistinctPublications() throws Exception {
    OutputPort port = newPort("kit-concurrent", simpleContract()).contract(simpleContract())
        .build();
    int runs = 4;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        DataProduct p = product(port, simpleRows(i * 100, 50));
        futures.add(pool.submit(p::run));
      }
      for (Future<RunResult> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS)).succeeded().wrote("kit-concurrent", 50);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Publication> all = port.publications();
    assertThat(all).hasSize(runs);
    assertThat(all).extracting(Publication::id).doesNotHaveDuplicates();
    for (Publication p : all) {
      assertThat(readAll(port, ReadOptions.publication(p.id()))).hasSize(50);
    }
  }

  @Test
  void rejectedRows_reachQuarantine_withRuleAndReason() {
    OutputPort port = newPort("kit-quarantine", simpleContract()).contract(simpleContract())
        .build();
    List<Row> rows = new ArrayList<>(simpleRows(1, 5));
    rows.add(Row.of(SIMPLE, 6L, "negative", new BigDecimal("-1.00")));
    rows.add(Row.of(SIMPLE, 7L, "x".repeat(41), BigDecimal.ONE));

    RunResult run = product(port, rows).run();

    assertThat(run).succeeded().wrote("kit-quarantine", 5)
        .quarantined("kit-quarantine", 1, "amount-range")
        .quarantined("kit-quarantine", 1, Quarantine.SCHEMA_RULE_ID)
        .accountingBalanced();
    List<Row> records = new ArrayList<>();
    for (Publication p : PortStorage.quarantine(port).publications()) {
      try (BatchReader r = PortStorage.quarantine(port).read(p, Quarantine.SCHEMA, 100)) {
        for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
          records.addAll(b);
        }
      }
    }
    assertThat(records).extracting(r -> r.getString(Quarantine.RULE_ID))
        .containsExactlyInAnyOrder("amount-range", Quarantine.SCHEMA_RULE_ID);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.getString(Quarantine.RUN_ID)).isEqualTo(run.runId());
      assertThat(r.getString(Quarantine.REASON)).isNotBlank();
      assertThat(r.getString(Quarantine.RECORD)).contains("\"id\"");
    });
  }

  @Test
  void run_reportsWriteSpanWithPortTypeAndPublicationId() {
    OutputPort port = newPort("kit-telemetry", simpleContract()).contract(simpleContract())
        .build();
    RunResult run = product(port, simpleRows(1, 3)).run();
    assertThat(run).succeeded();
    List<SpanData> writes = dp.spans(TelemetryNames.SPAN_WRITE + " kit-telemetry");
    assertThat(writes).hasSize(1);
    assertThat(writes.get(0).getAttributes().get(TelemetryNames.PORT_TYPE))
        .isEqualTo(expectedType());
    assertThat(writes.get(0).getAttributes().get(TelemetryNames.PUBLICATION_ID))
        .isEqualTo(run.publication("kit-telemetry").orElseThrow().id());
    assertThat(dp.meters()).counter(TelemetryNames.METER_ROWS_WRITTEN, "port", "kit-telemetry")
        .hasCount(3);
  }
}
