package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
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
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The behaviour every {@link PublicationStore} must have, as JUnit 5 tests in groups ({@code
 * @Nested}), the way Micrometer's registry compatibility kit checks every registry. An adapter
 * module extends this class in its tests and implements {@link #newPort} (fresh storage), {@link
 * #samePort} (a new store instance over the storage {@code newPort} created) and {@link
 * #expectedType}; {@link #retainLast} when the store offers retention.
 *
 * <ul>
 *   <li>{@link PublicationProtocol}: nothing visible before commit, abort after a partial write,
 *       commit after abort refused, unknown ids, ids that only grow, also across store instances
 *       and concurrent runs.
 *   <li>{@link Contracts}: {@code contractOf} of every publication is the contract it was checked
 *       against, with the owner's access policies; the breaking-change gate works over the store.
 *   <li>{@link Reads}: every logical type round-trips exactly, old publications stay readable,
 *       batches are bounded, rows come in the schema asked for.
 *   <li>{@link Quarantines}: rejected rows reach the store's quarantine with rule and reason, also
 *       when the run fails.
 *   <li>{@link Retention}: only where the store offers it ({@link #retainLast}).
 *   <li>{@link Telemetry}: the write span, {@code readAttributes} on the consume span.
 *   <li>{@link Lifecycle}: {@code close} releases only what the store created.
 * </ul>
 *
 * <pre>{@code
 * class JdbcPublicationStoreTest extends PublicationStoreContract {
 *   private final Map<String, String> tables = new HashMap<>();
 *
 *   @Override
 *   protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
 *     tables.put(portName, "kit_" + tables.size());
 *     return samePort(portName);
 *   }
 *
 *   @Override
 *   protected OutputPort.Builder<?> samePort(String portName) {
 *     return JdbcOutputPort.builder(portName).dataSource(ds).table(tables.get(portName))
 *         .createTableIfMissing();
 *   }
 *
 *   @Override
 *   protected String expectedType() {
 *     return "jdbc";
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

  /**
   * A builder for another port, with a new store instance, over the storage the last {@link
   * #newPort} of {@code portName} created (the same table, prefix, topic): what a second service
   * or a restarted one builds. The caller sets the contract. Resources the test handed the first
   * port (a {@code DataSource}, an {@code S3Client}) may be shared.
   */
  protected abstract OutputPort.Builder<?> samePort(String portName);

  /** The store type the adapter reports, e.g. {@code jdbc}. */
  protected abstract String expectedType();

  /**
   * {@code builder} keeping only the latest {@code n} publications, or {@code null} (the
   * default) when the store offers no retention: the {@link Retention} tests are then skipped.
   */
  protected OutputPort.Builder<?> retainLast(OutputPort.Builder<?> builder, int n) {
    return null;
  }

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
    return simpleContract("1.0.0");
  }

  /** The kit's contract at {@code version}: {@link #SIMPLE}, amounts not negative. */
  protected static DataContract simpleContract(String version) {
    return DataContract.builder("simple").version(version).schema(SIMPLE)
        .rule(Rules.range("amount", BigDecimal.ZERO, null)).build();
  }

  protected static List<Row> simpleRows(int from, int count) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(Row.of(SIMPLE, (long) i, "name-" + i, new BigDecimal(i + ".50")));
    }
    return rows;
  }

  /** A port over fresh storage with {@link #simpleContract()}. */
  protected OutputPort simplePort(String portName) {
    return newPort(portName, simpleContract()).contract(simpleContract()).build();
  }

  protected DataProduct product(OutputPort port, List<Row> rows) {
    return product(port, rows, SIMPLE, Transforms.identity());
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

  /** Every row of {@code publication}, read from {@code store} through the SPI. */
  protected static List<Row> readStore(PublicationStore store, Publication publication,
      Schema schema) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = store.read(publication, schema, 100)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  private static List<Long> ids(List<Row> rows) {
    return rows.stream().map(r -> r.getLong("id")).sorted().toList();
  }

  private static List<Long> range(int from, int count) {
    List<Long> ids = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      ids.add(i);
    }
    return ids;
  }

  /** Waits up to ten seconds for {@code condition}, failing with {@code what}. */
  protected static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting until " + what, e);
      }
    }
  }

  /**
   * Open, write, commit, abort: what a reader sees at each step, and the ids commits get.
   */
  @Nested
  public class PublicationProtocol {

    @Test
    void commit_makesPublicationVisible_withRowsAndContractVersion() {
      OutputPort port = simplePort("kit-visible");
      assertThat(port.latest()).isEmpty();

      RunResult run = product(port, simpleRows(1, 25)).run();

      assertThat(run).succeeded().wrote("kit-visible", 25).accountingBalanced();
      Publication p = port.latest().orElseThrow();
      assertThat(p.rows()).isEqualTo(25);
      assertThat(p.contractVersion()).isEqualTo("1.0.0");
      assertThat(p.runId()).isEqualTo(run.runId());
      assertThat(p.committedAt()).isNotNull();
      assertThat(p.location()).isNotBlank();
      assertThat(PortStorage.store(port).publication(p.id())).contains(p);
      assertThat(ids(readAll(port, ReadOptions.latest()))).isEqualTo(range(1, 25));
    }

    @Test
    void abort_afterAPartialWrite_leavesNothingVisible_andTheNextCommitGetsAHigherId() {
      OutputPort port = simplePort("kit-abort-spi");
      PublicationStore store = PortStorage.store(port);
      PublicationWriter first = store.open(TestWriteContext.of("kit-abort-spi",
          simpleContract()));
      first.write(simpleRows(1, 10));
      Publication before = first.commit();

      PublicationWriter writer = store.open(TestWriteContext.of("kit-abort-spi",
          simpleContract()));
      writer.write(simpleRows(100, 20));
      writer.write(simpleRows(120, 20));
      assertThat(store.publications()).containsExactly(before);
      writer.abort();
      writer.abort(); // idempotent

      assertThat(store.publications()).containsExactly(before);
      assertThat(ids(readStore(store, before, SIMPLE))).isEqualTo(range(1, 10));
      PublicationWriter next = store.open(TestWriteContext.of("kit-abort-spi",
          simpleContract()));
      next.write(simpleRows(200, 3));
      Publication committed = next.commit();
      assertThat(committed.id()).isGreaterThan(before.id());
      assertThat(ids(readStore(store, committed, SIMPLE))).isEqualTo(range(200, 3));
    }

    @Test
    void commit_afterAbort_isRefused_andNothingBecomesVisible() {
      OutputPort port = simplePort("kit-commit-after-abort");
      PublicationStore store = PortStorage.store(port);
      PublicationWriter writer = store.open(TestWriteContext.of("kit-commit-after-abort",
          simpleContract()));
      writer.write(simpleRows(1, 5));
      writer.abort();

      Assertions.assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
      assertThat(store.publications()).isEmpty();
      assertThat(store.latest()).isEmpty();
    }

    @Test
    void failedRun_leavesNothingVisible_andPreviousPublicationReadable() {
      OutputPort port = simplePort("kit-abort");
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
    void unknownPublicationId_isAbsent_andItsReadIsRefused() {
      OutputPort port = simplePort("kit-unknown");
      product(port, simpleRows(1, 3)).run().orThrow();
      long unknown = port.latest().orElseThrow().id() + 1000;

      assertThat(PortStorage.store(port).publication(unknown)).isEmpty();
      Assertions.assertThatThrownBy(() -> readAll(port, ReadOptions.publication(unknown)))
          .isInstanceOf(dev.dataproduct.DataProductException.class)
          .hasMessageContaining(Long.toString(unknown));
    }

    @Test
    void publicationIds_increaseWithEachRun_acrossStoreInstances() {
      OutputPort first = simplePort("kit-ids");
      product(first, simpleRows(0, 5)).run().orThrow();
      long previous = first.latest().orElseThrow().id();
      for (int run = 1; run < 3; run++) {
        OutputPort again = samePort("kit-ids").contract(simpleContract()).build();
        assertThat(again.latest().map(Publication::id)).contains(previous);
        product(again, simpleRows(run * 10, 5 + run)).run().orThrow();
        long id = again.latest().orElseThrow().id();
        assertThat(id).isGreaterThan(previous);
        previous = id;
      }
      OutputPort last = samePort("kit-ids").contract(simpleContract()).build();
      assertThat(last.publications()).extracting(Publication::id)
          .isSorted().doesNotHaveDuplicates().hasSize(3);
      // the first instance sees the others' commits too, at the latest after a short lag (a
      // Kafka transaction's markers reach the log after the commit returns)
      long newest = previous;
      awaitTrue(() -> first.latest().map(Publication::id).orElse(0L) == newest,
          "the first store instance sees publication " + newest);
    }

    @Test
    void emptyRun_commitsEmptyPublication() {
      OutputPort port = simplePort("kit-empty");
      RunResult run = product(port, List.of()).run();
      assertThat(run).succeeded().wrote("kit-empty", 0).accountingBalanced();
      assertThat(port.latest().orElseThrow().rows()).isZero();
      assertThat(readAll(port, ReadOptions.latest())).isEmpty();
    }

    @Test
    void concurrentRuns_getDistinctPublications() throws Exception {
      OutputPort port = simplePort("kit-concurrent");
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
  }

  /** {@code contractOf}: the contract each publication was checked against, kept with it. */
  @Nested
  public class Contracts {

    @Test
    void contractOf_everyPublication_isTheContractItWasCheckedAgainst() {
      OutputPort v100 = simplePort("kit-contracts");
      product(v100, simpleRows(1, 2)).run().orThrow();
      DataContract patch = simpleContract("1.0.1");
      OutputPort v101 = samePort("kit-contracts").contract(patch).build();
      product(v101, simpleRows(10, 2)).run().orThrow();

      PublicationStore store = PortStorage.store(v101);
      List<Publication> all = store.publications();
      assertThat(all).extracting(Publication::contractVersion).containsExactly("1.0.0", "1.0.1");
      for (Publication p : all) {
        DataContract stored = store.contractOf(p).orElseThrow(() -> new AssertionError(
            "contractOf(" + p.id() + ") is empty: a store keeps the contract of every"
                + " publication"));
        assertThat(stored.id()).isEqualTo("simple");
        assertThat(stored.version().toString()).isEqualTo(p.contractVersion());
        assertThat(stored.schema().fieldNames()).isEqualTo(SIMPLE.fieldNames());
        for (Field f : SIMPLE.fields()) {
          assertThat(stored.schema().field(f.name()).type()).as("type of %s", f.name())
              .isEqualTo(f.type());
        }
        assertThat(stored.rowRules()).extracting(RowRule::id).containsExactly("amount-range");
      }
    }

    /**
     * Consumers reading from storage alone (another service's {@code ProductInputPort}) decide
     * access with the policies stored with each publication: the store keeps the contract it was
     * handed whole, the {@code PublishedAccess} record included.
     */
    @Test
    void contractOf_keepsTheOwnersAccessPolicies() {
      OutputPort port = simplePort("kit-access");
      product(port, simpleRows(1, 3)).run().orThrow();

      Publication p = port.latest().orElseThrow();
      PublishedAccess access = PublishedAccess.of(PortStorage.store(port).contractOf(p)
          .orElseThrow()).orElseThrow();

      assertThat(access.product()).isEqualTo("contract-kit");
      assertThat(access.port()).isEqualTo("kit-access");
      assertThat(access.policies()).containsExactly(AccessPolicy.allow(READER_ROLE));
    }

    @Test
    void breakingChange_isRefusedByTheGate_fromTheStoredContract() {
      OutputPort v1 = simplePort("kit-gate");
      product(v1, simpleRows(1, 2)).run().orThrow();
      DataContract removed = DataContract.builder("simple").version("1.1.0")
          .schema(SIMPLE.without("amount")).build(); // a removed field breaks consumers
      OutputPort next = samePort("kit-gate").contract(removed).build();

      RunResult run = product(next, simpleRows(10, 2)).run();

      assertThat(run).failed().publishedNothing();
      Assertions.assertThat(run.error()).get().isInstanceOf(IncompatibleContractException.class);
      assertThat(next.publications()).hasSize(1);
    }
  }

  /** What readers get back. */
  @Nested
  public class Reads {

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
      DataContract contract = DataContract.builder("types").version("1.0.0").schema(schema)
          .build();
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

      RunResult run = product(port, rows, schema, Transforms.identity()).run();

      assertThat(run).succeeded().wrote("kit-types", 4);
      List<Row> back = new ArrayList<>(readAll(port, ReadOptions.latest()));
      back.sort(Comparator.comparing(r -> r.getLong("id")));
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
        values[7] = Map.of("k", "v");
        values[8] = List.of("a", "b");
      }
      return Row.of(schema, values);
    }

    @Test
    void oldPublications_stayReadable_eachWithItsOwnRows() {
      OutputPort port = simplePort("kit-old");
      for (int run = 0; run < 3; run++) {
        product(port, simpleRows(run * 10, 5 + run)).run().orThrow();
      }
      List<Publication> all = port.publications();
      assertThat(all).hasSize(3);
      for (int run = 0; run < 3; run++) {
        assertThat(ids(readAll(port, ReadOptions.publication(all.get(run).id()))))
            .as("publication %s", all.get(run).id()).isEqualTo(range(run * 10, 5 + run));
      }
    }

    @Test
    void read_yieldsRowsOfTheSchemaAskedFor_inBatchesOfAtMostBatchSize() {
      OutputPort port = simplePort("kit-batches");
      product(port, simpleRows(1, 23)).run().orThrow();
      PublicationStore store = PortStorage.store(port);
      Publication p = store.latest().orElseThrow();

      List<Row> all = new ArrayList<>();
      try (BatchReader r = store.read(p, SIMPLE, 5)) {
        assertThat(r.schema()).isEqualTo(SIMPLE);
        for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
          assertThat(b.size()).isBetween(1, 5);
          b.forEach(row -> assertThat(row.schema()).isEqualTo(SIMPLE));
          all.addAll(b);
        }
        assertThat(r.next()).isEmpty(); // and on every call after that
        r.close();
      }
      assertThat(ids(all)).isEqualTo(range(1, 23));
    }
  }

  /** Rows the contract rejects: kept, with their reason, in the store's quarantine. */
  @Nested
  public class Quarantines {

    @Test
    void rejectedRows_reachQuarantine_withRuleAndReason() {
      OutputPort port = simplePort("kit-quarantine");
      List<Row> rows = new ArrayList<>(simpleRows(1, 5));
      rows.add(Row.of(SIMPLE, 6L, "negative", new BigDecimal("-1.00")));
      rows.add(Row.of(SIMPLE, 7L, "x".repeat(41), BigDecimal.ONE));

      RunResult run = product(port, rows).run();

      assertThat(run).succeeded().wrote("kit-quarantine", 5)
          .quarantined("kit-quarantine", 1, "amount-range")
          .quarantined("kit-quarantine", 1, Quarantine.SCHEMA_RULE_ID)
          .accountingBalanced();
      List<Row> records = quarantined(port);
      assertThat(records).extracting(r -> r.getString(Quarantine.RULE_ID))
          .containsExactlyInAnyOrder("amount-range", Quarantine.SCHEMA_RULE_ID);
      assertThat(records).allSatisfy(r -> {
        assertThat(r.getString(Quarantine.RUN_ID)).isEqualTo(run.runId());
        assertThat(r.getString(Quarantine.PORT)).isEqualTo("kit-quarantine");
        assertThat(r.getString(Quarantine.REASON)).isNotBlank();
        assertThat(r.getString(Quarantine.RECORD)).contains("\"id\"");
      });
    }

    @Test
    void quarantineRecords_areCommittedEvenWhenTheRunFails() {
      DataContract strict = DataContract.builder("simple").version("1.0.0").schema(SIMPLE)
          .rule(Rules.range("amount", BigDecimal.ZERO, null).action(Action.FAIL)).build();
      OutputPort port = newPort("kit-quarantine-fail", strict).contract(strict).build();
      List<Row> rows = new ArrayList<>(simpleRows(1, 3));
      rows.add(Row.of(SIMPLE, 4L, "negative", new BigDecimal("-1.00")));

      RunResult run = product(port, rows).run();

      assertThat(run).failed().publishedNothing();
      assertThat(port.publications()).isEmpty();
      assertThat(quarantined(port)).singleElement().satisfies(r -> {
        assertThat(r.getString(Quarantine.RULE_ID)).isEqualTo("amount-range");
        assertThat(r.getString(Quarantine.RUN_ID)).isEqualTo(run.runId());
      });
    }

    @Test
    void quarantinePublications_holdQuarantineSchema_andTheirContract() {
      OutputPort port = simplePort("kit-quarantine-schema");
      List<Row> rows = new ArrayList<>(simpleRows(1, 2));
      rows.add(Row.of(SIMPLE, 3L, "negative", new BigDecimal("-3.00")));
      product(port, rows).run().orThrow();

      PublicationStore quarantine = PortStorage.quarantine(port);
      assertThat(quarantine.publications()).isNotEmpty();
      for (Publication p : quarantine.publications()) {
        try (BatchReader r = quarantine.read(p, Quarantine.SCHEMA, 100)) {
          assertThat(r.schema()).isEqualTo(Quarantine.SCHEMA);
        }
        assertThat(quarantine.contractOf(p)).as("contractOf quarantine publication %s", p.id())
            .hasValueSatisfying(c -> assertThat(c.schema().fieldNames())
                .isEqualTo(Quarantine.SCHEMA.fieldNames()));
      }
    }

    private List<Row> quarantined(OutputPort port) {
      PublicationStore q = PortStorage.quarantine(port);
      List<Row> records = new ArrayList<>();
      for (Publication p : q.publications()) {
        records.addAll(readStore(q, p, Quarantine.SCHEMA));
      }
      return records;
    }
  }

  /** Keeping only the latest publications, where the store offers it ({@link #retainLast}). */
  @Nested
  public class Retention {

    @Test
    void retainLast_keepsTheNewestPublications_readable_andForgetsTheOthers() {
      OutputPort.Builder<?> builder = retainLast(newPort("kit-retention", simpleContract()), 2);
      Assumptions.assumeTrue(builder != null, "the store offers no retention");
      OutputPort port = builder.contract(simpleContract()).build();
      List<Long> committed = new ArrayList<>();
      for (int run = 0; run < 4; run++) {
        product(port, simpleRows(run * 10, 3)).run().orThrow();
        committed.add(port.latest().orElseThrow().id());
      }

      List<Publication> kept = port.publications();
      assertThat(kept).extracting(Publication::id).containsExactlyElementsOf(
          committed.subList(2, 4));
      assertThat(PortStorage.store(port).publication(committed.get(0))).isEmpty();
      assertThat(ids(readAll(port, ReadOptions.publication(committed.get(2)))))
          .isEqualTo(range(20, 3));
      assertThat(ids(readAll(port, ReadOptions.latest()))).isEqualTo(range(30, 3));
    }
  }

  /** Spans and meters: the core's names, the store's attributes. */
  @Nested
  public class Telemetry {

    @Test
    void run_reportsWriteSpanWithPortTypeAndPublicationId() {
      OutputPort port = simplePort("kit-telemetry");
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

    @Test
    void readAttributes_nameTheStorage_reachTheConsumeSpan_andHoldNoValues() {
      OutputPort port = simplePort("kit-read-attributes");
      product(port, List.of(Row.of(SIMPLE, 1L, "value-never-in-telemetry",
          new BigDecimal("987654.32")))).run().orThrow();
      Publication p = port.latest().orElseThrow();
      Map<String, String> attributes = PortStorage.store(port).readAttributes(p);
      assertThat(attributes).isNotNull();
      assertThat(attributes.keySet()).noneMatch(k -> k.startsWith("dataproduct."));
      assertThat(attributes.values()).noneMatch(v -> v == null
          || v.contains("value-never-in-telemetry") || v.contains("987654"));
      dp.reset();

      readAll(port, ReadOptions.latest());

      List<SpanData> consumes = dp.spans(TelemetryNames.SPAN_CONSUME + " kit-read-attributes");
      assertThat(consumes).hasSize(1);
      attributes.forEach((k, v) -> assertThat(consumes.get(0).getAttributes()
          .get(AttributeKey.stringKey(k))).as("consume span attribute %s", k).isEqualTo(v));
      assertThat(consumes.get(0).getAttributes().get(TelemetryNames.PORT_TYPE))
          .isEqualTo(expectedType());
    }
  }

  /** Closing: a store releases what it created, never what it was handed. */
  @Nested
  public class Lifecycle {

    @Test
    void close_releasesOnlyWhatTheStoreCreated_theStorageStaysReadable() {
      OutputPort port = simplePort("kit-close");
      DataProduct product = product(port, simpleRows(1, 4));
      product.run().orThrow();

      product.close();
      PortStorage.store(port).close(); // idempotent

      Assertions.assertThatThrownBy(() -> product.read("kit-close",
          Principal.of("contract-kit").withRoles(READER_ROLE), ReadOptions.latest()))
          .isInstanceOf(IllegalStateException.class);
      // what the test handed the port (a DataSource, a client) still works for a new port
      OutputPort again = samePort("kit-close").contract(simpleContract()).build();
      assertThat(ids(readAll(again, ReadOptions.latest()))).isEqualTo(range(1, 4));
      product(again, simpleRows(10, 2)).run().orThrow();
      assertThat(again.publications()).hasSize(2);
    }
  }
}
