package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The behaviour every {@link InputPort} must have, as JUnit 5 tests in groups ({@code @Nested}).
 * An adapter module extends this class in its tests and implements {@link #newInput} over real
 * storage (a table holding the rows, files in a bucket, a topic) and {@link #expectedType}; and
 * {@link #inputWithMalformedRecords} when the port can quarantine records that are not rows.
 *
 * <ul>
 *   <li>{@link Rows}: every row delivered once, with its values; an empty source.
 *   <li>{@link Batches}: batches never larger than the batch size asked for; concurrent readers.
 *   <li>{@link MalformedRecords}: counted as read and as quarantined, under rule {@code
 *       malformed}, the run going on (only where the port offers it).
 *   <li>{@link Lifecycle}: a reader closed early releases what it holds; {@code close} is
 *       idempotent; the read span says the port's type.
 * </ul>
 *
 * <pre>{@code
 * class JdbcInputPortKitTest extends InputPortContract {
 *   @Override
 *   protected InputPort newInput(String name, Schema schema, List<Row> rows) {
 *     String table = createAndFill(schema, rows);      // the adapter's own storage
 *     return JdbcInputPort.builder(name, ds).table(table).schema(schema).build();
 *   }
 *
 *   @Override
 *   protected String expectedType() {
 *     return "jdbc";
 *   }
 * }
 * }</pre>
 */
public abstract class InputPortContract {

  @RegisterExtension
  protected final DataProductExtension dp = DataProductExtension.create();

  /** The schema of every input the kit asks for. */
  protected static final Schema EVENTS = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.required("kind", FieldType.STRING).withMaxLength(10),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("happened_at", FieldType.TIMESTAMP));

  /**
   * An input port named {@code name} with {@code schema}, over fresh storage that holds exactly
   * {@code rows} (write them the way your storage's producers would).
   */
  protected abstract InputPort newInput(String name, Schema schema, List<Row> rows);

  /** The type the port reports ({@code dataproduct.port.type}), e.g. {@code jdbc}. */
  protected abstract String expectedType();

  /**
   * An input port over fresh storage holding {@code rows} and, after them, {@code malformed}
   * records that cannot be read as rows at all (a line that is not JSON, a record with too few
   * fields), built to quarantine them ({@code onMalformed(Action.QUARANTINE)}); {@code null}
   * (the default) when the port has no such option: the {@link MalformedRecords} tests are then
   * skipped.
   */
  protected InputPort inputWithMalformedRecords(String name, Schema schema, List<Row> rows,
      int malformed) {
    return null;
  }

  /** Rows of {@link #EVENTS} with ids {@code from} to {@code from + count - 1}. */
  protected static List<Row> events(int from, int count) {
    List<Row> rows = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      rows.add(Row.of(EVENTS, (long) i, i % 2 == 0 ? "order" : "refund",
          i % 7 == 0 ? null : new BigDecimal(i + ".25"),
          i % 5 == 0 ? null : Instant.parse("2026-03-01T12:00:00Z").plusSeconds(i)));
    }
    return rows;
  }

  /** A product copying input {@code in} to an in-memory port {@code out}. */
  protected DataProduct product(InputPort in, int batchSize, Transform transform) {
    OutputPort out = InMemoryOutputPort.builder("out")
        .contract(DataContract.builder("events").version("1.0.0").schema(EVENTS).build())
        .build();
    return DataProduct.builder("input-kit").version("1.0.0").domain("testing")
        .owner(Owner.business("biz@example.com"), Owner.technical("tech-team"))
        .input(in)
        .transform(transform)
        .output(out)
        .batchSize(batchSize)
        .policy(AccessPolicy.allowAll())
        .telemetry(dp.telemetry())
        .build();
  }

  /** Every row {@code reader} yields, checking each batch holds 1 to {@code max} rows. */
  protected static List<Row> drain(BatchReader reader, int max) {
    List<Row> all = new ArrayList<>();
    for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
      assertThat(b.size()).as("batch size").isBetween(1, max);
      all.addAll(b);
    }
    return all;
  }

  private static List<Row> byId(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(r -> r.getLong("id")));
    return sorted;
  }

  private static void assertSameEvents(List<Row> actual, List<Row> expected) {
    List<Row> a = byId(actual);
    List<Row> e = byId(expected);
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < e.size(); i++) {
      for (Field f : EVENTS.fields()) {
        Object ev = e.get(i).get(f.name());
        Object av = a.get(i).get(f.name());
        if (ev instanceof BigDecimal && av instanceof BigDecimal) {
          assertThat((BigDecimal) av).as("%s of row %s", f.name(), i)
              .isEqualByComparingTo((BigDecimal) ev);
        } else {
          assertThat(av).as("%s of row %s", f.name(), i).isEqualTo(ev);
        }
      }
    }
  }

  /** What a run reads. */
  @Nested
  public class Rows {

    @Test
    void run_readsEveryRowOnce_withItsValues() {
      List<Row> rows = events(1, 250);
      DataProduct product = product(newInput("in", EVENTS, rows), 64, Transforms.identity());

      RunResult run = product.run();

      assertThat(run).succeeded().accountingBalanced().wrote("out", 250);
      assertThat(run.input("in").read()).isEqualTo(250);
      assertSameEvents(InMemoryPublicationStore.of(product.output("out")).latestRows(), rows);
    }

    @Test
    void run_overEmptySource_readsNothing_andSucceeds() {
      RunResult run = product(newInput("in", EVENTS, List.of()), 64, Transforms.identity())
          .run();

      assertThat(run).succeeded().accountingBalanced().wrote("out", 0);
      assertThat(run.input("in").read()).isZero();
    }
  }

  /** Bounded memory: batches of at most the batch size, readers independent of each other. */
  @Nested
  public class Batches {

    @Test
    void read_yieldsBatchesOfAtMostTheBatchSize() {
      InputPort port = newInput("in", EVENTS, events(1, 23));
      try (BatchReader reader = port.read(TestReadContext.of("in").batchSize(5))) {
        List<Row> all = drain(reader, 5);
        assertThat(all).hasSize(23);
        assertThat(reader.next()).isEmpty(); // and on every call after that
      }
    }

    @Test
    void run_transformSeesBatchesOfAtMostTheProductsBatchSize() {
      List<Integer> sizes = new ArrayList<>();
      Transform counting = ctx -> {
        for (List<Row> batch : ctx.batches("in")) {
          sizes.add(batch.size());
          batch.forEach(ctx::emit);
        }
      };
      RunResult run = product(newInput("in", EVENTS, events(1, 100)), 16, counting).run();

      assertThat(run).succeeded().wrote("out", 100);
      assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 16));
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    }

    @Test
    void concurrentReaders_eachGetEveryRow() {
      InputPort port = newInput("in", EVENTS, events(1, 40));
      try (BatchReader a = port.read(TestReadContext.of("in").batchSize(7));
          BatchReader b = port.read(TestReadContext.of("in").batchSize(7))) {
        List<Row> fromA = new ArrayList<>();
        List<Row> fromB = new ArrayList<>();
        boolean moreA = true;
        boolean moreB = true;
        while (moreA || moreB) { // interleaved
          if (moreA) {
            List<Row> batch = a.next();
            moreA = !batch.isEmpty();
            fromA.addAll(batch);
          }
          if (moreB) {
            List<Row> batch = b.next();
            moreB = !batch.isEmpty();
            fromB.addAll(batch);
          }
        }
        assertSameEvents(fromA, events(1, 40));
        assertSameEvents(fromB, events(1, 40));
      }
    }
  }

  /** Records that are not rows, where the port can quarantine them. */
  @Nested
  public class MalformedRecords {

    @Test
    void malformedRecords_countAsReadAndQuarantined_andTheRunGoesOn() {
      InputPort port = inputWithMalformedRecords("in", EVENTS, events(1, 5), 3);
      Assumptions.assumeTrue(port != null, "the port offers no quarantine of malformed records");
      DataProduct product = product(port, 64, Transforms.identity());

      RunResult run = product.run();

      assertThat(run).succeeded().accountingBalanced().wrote("out", 5)
          .quarantined("in", 3, Quarantine.MALFORMED_RULE_ID);
      assertThat(run.input("in").read()).isEqualTo(8);
      assertThat(run.input("in").quarantined()).isEqualTo(3);
      List<Row> records = InMemoryPublicationStore.of(product.output("out")).quarantinedRows();
      assertThat(records).hasSize(3).allSatisfy(r -> {
        assertThat(r.getString(Quarantine.RULE_ID)).isEqualTo(Quarantine.MALFORMED_RULE_ID);
        assertThat(r.getString(Quarantine.PORT)).isEqualTo("in");
        assertThat(r.getString(Quarantine.REASON)).isNotBlank();
      });
    }
  }

  /** Readers and ports release what they hold. */
  @Nested
  public class Lifecycle {

    @Test
    void readersClosedEarly_releaseWhatTheyHold_andTheNextReadIsWhole() {
      InputPort port = newInput("in", EVENTS, events(1, 30));
      for (int i = 0; i < 12; i++) { // more than a small connection pool holds
        BatchReader reader = port.read(TestReadContext.of("in").batchSize(4));
        assertThat(reader.next()).hasSize(4);
        reader.close();
        reader.close(); // idempotent
      }
      try (BatchReader reader = port.read(TestReadContext.of("in").batchSize(4))) {
        assertSameEvents(drain(reader, 4), events(1, 30));
      }
      port.close();
      port.close(); // idempotent
    }

    @Test
    void run_reportsReadSpanWithPortType() {
      RunResult run = product(newInput("in", EVENTS, events(1, 3)), 64, Transforms.identity())
          .run();

      assertThat(run).succeeded();
      List<SpanData> reads = dp.spans(TelemetryNames.SPAN_READ + " in");
      assertThat(reads).hasSize(1);
      assertThat(reads.get(0).getAttributes().get(TelemetryNames.PORT_TYPE))
          .isEqualTo(expectedType());
    }
  }
}
