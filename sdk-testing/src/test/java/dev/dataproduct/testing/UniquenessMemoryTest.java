package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanPort;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose uniqueness keys spill to disk (a tiny {@code uniquenessMemory}) quarantines exactly
 * the rows, with the same rules and reasons, as a run that keeps them in the heap; its spill files
 * are gone when it ends, and a spill that cannot be written fails the run cleanly.
 */
class UniquenessMemoryTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  @TempDir Path spill;

  /** Orders with ids spread over the long range, every seventh a repeat of an earlier id. */
  private static List<Row> sparseOrders(int n) {
    Random rnd = new Random(17);
    List<Row> rows = new ArrayList<>(n);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i > 0 && i % 7 == 0 ? ids[rnd.nextInt(i)] : rnd.nextLong();
      rows.add(order(ids[i], "c" + i + "@example.com", "DE", "EUR", i % 50 == 0 ? "-1" : "5.00"));
    }
    return rows;
  }

  private static final Schema EVENTS = Schema.of(
      Field.required("day", FieldType.DATE).asPrimaryKey(),
      Field.required("device", FieldType.STRING).asPrimaryKey(),
      Field.required("seq", FieldType.INTEGER),
      Field.optional("ref", FieldType.STRING).asUnique());

  private static List<Row> events(int n) {
    Random rnd = new Random(23);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(Row.of(EVENTS, LocalDate.of(2026, 1, 1).plusDays(rnd.nextInt(40)),
          "dev-" + rnd.nextInt(300), (long) i,
          rnd.nextInt(4) == 0 ? null : "ref-" + rnd.nextInt(n)));
    }
    return rows;
  }

  private static OutputPort eventsPort() {
    return InMemoryOutputPort.create("events", DataContract.builder("events").version("1.0.0")
        .schema(EVENTS).build());
  }

  /** The quarantine records of a port: rule id and reason, in order. */
  private static List<String> quarantined(DataProduct p, String port) {
    List<String> out = new ArrayList<>();
    for (Row r : InMemoryPublicationStore.of(p.output(port)).quarantinedRows()) {
      out.add(r.getString(Quarantine.RULE_ID) + ": " + r.getString(Quarantine.REASON));
    }
    return out;
  }

  private long filesUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).count();
    }
  }

  @Test
  void run_withTinyUniquenessMemory_quarantinesAsTheHeapRun() throws IOException {
    java.util.concurrent.atomic.AtomicLong filesDuringRun =
        new java.util.concurrent.atomic.AtomicLong();
    List<Row> orders = sparseOrders(12_000);
    List<Row> events = events(12_000);
    DataProduct inHeap = product("spill-equivalence")
        .input(InMemoryInputPort.of("orders", ORDERS, orders))
        .input(InMemoryInputPort.of("raw-events", EVENTS, events))
        .expect("raw-events", Rules.unique("seq"))
        .transform(ctx -> {
          ctx.rows("orders").forEach(r -> ctx.emit("clean", r));
          ctx.rows("raw-events").forEach(r -> ctx.emit("events", r));
          filesDuringRun.set(filesUnder(spill)); // the run is still on: its spill files exist
        })
        .output(cleanPort("clean"))
        .output(eventsPort())
        .build();
    DataProduct spilling = inHeap.toBuilder()
        .uniquenessMemory(32 * 1024).spillDirectory(spill).build()
        .withOutput(cleanPort("clean")).withOutput(eventsPort());
    assertThat(spilling.uniquenessMemory()).isEqualTo(32 * 1024);
    long duplicates = 0;
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (Row r : orders) {
      if (r.getDecimal("amount").signum() >= 0 && !seen.add(r.getLong("order_id"))) {
        duplicates++;
      }
    }

    RunResult heapRun = dp.run(inHeap);
    RunResult spillRun = dp.run(spilling);

    assertThat(heapRun).hasOutcome(RunOutcome.SUCCEEDED_WITH_WARNINGS).accountingBalanced()
        .quarantined("clean", duplicates, "order_id-unique");
    assertThat(duplicates).isGreaterThan(1_000);
    assertThat(spillRun).hasOutcome(RunOutcome.SUCCEEDED_WITH_WARNINGS).accountingBalanced();
    assertThat(spillRun.violations()).isEqualTo(heapRun.violations());
    assertThat(quarantined(spilling, "clean")).isEqualTo(quarantined(inHeap, "clean"))
        .anyMatch(q -> q.startsWith("order_id-unique: field 'order_id' value '"));
    assertThat(quarantined(spilling, "events")).isEqualTo(quarantined(inHeap, "events"))
        .anyMatch(q -> q.startsWith("primary-key-unique: row fails custom rule"))
        .anyMatch(q -> q.startsWith("ref-unique: field 'ref' value '"));
    assertThat(InMemoryPublicationStore.of(spilling.output("clean")).latestRows())
        .isEqualTo(InMemoryPublicationStore.of(inHeap.output("clean")).latestRows());
    assertThat(InMemoryPublicationStore.of(spilling.output("events")).latestRows())
        .isEqualTo(InMemoryPublicationStore.of(inHeap.output("events")).latestRows());
    assertThat(filesDuringRun.get()).as("spill files while the run was on").isPositive();
    assertThat(filesUnder(spill)).as("spill files left after the run").isZero();
  }

  @Test
  void run_whoseKeysCannotSpill_failsNamingTheRule_publishesNothing() throws IOException {
    Path notADirectory = Files.writeString(spill.resolve("not-a-directory"), "x");
    DataProduct p = product("spill-fails")
        .input(InMemoryInputPort.of("orders", ORDERS, sparseOrders(5_000)))
        .output(cleanPort("clean"))
        .uniquenessMemory(4 * 1024).spillDirectory(notADirectory)
        .build();

    RunResult run = dp.run(p);

    assertThat(run).hasOutcome(RunOutcome.FAILED).publishedNothing();
    assertThat(run.error()).get().asString()
        .contains("rule 'order_id-unique' of output port 'clean'")
        .contains("spillDirectory(path)");
    assertThat(InMemoryPublicationStore.of(p.output("clean")).publications()).isEmpty();
    assertThat(filesUnder(spill)).isEqualTo(1);
  }

  @Test
  void builder_uniquenessMemory_defaultsToAQuarterOfTheHeap_andRefusesZero() {
    DataProduct p = product("defaults").output(cleanPort("clean")).build();
    assertThat(p.uniquenessMemory()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    assertThat(p.spillDirectory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(p.toBuilder().uniquenessMemory(1234).build().uniquenessMemory()).isEqualTo(1234);
    assertThatThrownBy(() -> p.toBuilder().uniquenessMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Uniqueness memory must be positive, was 0");
  }
}
