package dev.dataproduct.examples;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.InputCounts;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.page.MeshSite;
import dev.dataproduct.spi.BatchReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end-to-end demo: two data products of two domains on embedded defaults (or real
 * infrastructure, see {@link DemoEnvironment}). Every number it prints comes from the runs.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java
 * </pre>
 */
public final class Demo {
  static final int ORDERS = 3_000;
  static final int DAYS = 7;

  private final DemoEnvironment env;
  private final PrintStream out;

  Demo(DemoEnvironment env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  /** Runs the demo on the environment the variables describe. */
  public static void main(String[] args) throws Exception {
    try (DemoEnvironment env = DemoEnvironment.fromEnvironment(System.getenv())) {
      new Demo(env, System.out).run();
    }
  }

  /** Runs every step and returns what happened. */
  public DemoReport run() throws Exception {
    title("Data Product SDK demo");
    out.println("  " + env.describe());
    int confirmed = OrdersDatabase.seed(env.dataSource(), ORDERS, DAYS);
    out.printf("  seeded %,d orders (%,d confirmed, %d of them bad: %d without customer,"
        + " %d negative amounts, %d unknown currency)%n", ORDERS + OrdersDatabase.badRows(),
        confirmed, OrdersDatabase.badRows(), OrdersDatabase.NULL_CUSTOMERS,
        OrdersDatabase.NEGATIVE_AMOUNTS, OrdersDatabase.UNKNOWN_CURRENCIES);

    DataProduct revenue = SalesProducts.dailyRevenue(env, SalesProducts.revenueContract("1.0.0"));
    title("1. daily-revenue v" + revenue.version() + " (domain " + revenue.domain() + ") runs");
    RunResult first = revenue.run();
    summary(first);
    Map<String, String> reasons = quarantineReasons(revenue, first);

    title("2. Open descriptors");
    List<Path> descriptors = writeDescriptors(revenue);

    DataProduct kpis = SalesProducts.countryKpis(env);
    title("3. country-kpis (domain " + kpis.domain() + ") consumes daily-revenue from S3,"
        + " through daily-revenue's access policies");
    RunResult kpiRun = kpis.run();
    summary(kpiRun);
    printRows(kpis.read("kpis-lake", Principal.of("mia"), ReadOptions.latest()), 10);
    // what country-kpis is allowed to see of daily-revenue: the decision its run was given
    Principal kpisIdentity = ((ProductInputPort) kpis.inputs().get("daily-revenue"))
        .principal(kpis.name(), kpis.domain());
    List<Row> kpisView = readAll(revenue.read("revenue-lake", kpisIdentity,
        ReadOptions.latest()));
    boolean kpisSawClear = kpisView.stream().map(r -> r.get("top_customer"))
        .anyMatch(v -> v != null && v.toString().contains("@"));
    out.printf("  access decision: %s (roles %s) reads daily-revenue/revenue-lake: granted,"
        + " top_customer %s (e.g. %s)%n", kpisIdentity.id(), kpisIdentity.roles(),
        kpisSawClear ? "IN CLEAR (unexpected!)" : "hashed",
        kpisView.isEmpty() ? "-" : kpisView.get(0).get("top_customer"));
    String refused;
    try (DataProduct ungranted = SalesProducts.countryKpis(env, new String[0])) {
      RunResult run = ungranted.run();
      refused = run.error().map(Throwable::getMessage).orElse(null);
      out.println("  country-kpis without a grant: " + run.outcome() + ": " + refused);
    }

    title("4. Consumers read through the output port");
    Principal analyst = Principal.of("ana").withRoles("analyst");
    out.println("  analyst (top_customer hashed):");
    List<Row> analystRows = readAll(revenue.read("revenue-table", analyst, ReadOptions.latest()));
    printRows(analystRows, 3);
    boolean clear = analystRows.stream().map(r -> r.get("top_customer"))
        .anyMatch(v -> v != null && v.toString().contains("@"));
    String denied;
    try {
      revenue.read("revenue-table", Principal.of("max").withRoles("marketing-intern"),
          ReadOptions.latest()).close();
      denied = null;
      out.println("  marketing-intern: read allowed (unexpected!)");
    } catch (AccessDeniedException e) {
      denied = e.getMessage();
      out.println("  marketing-intern: DENIED: " + denied);
    }

    title("5. Telemetry");
    out.println("  spans:");
    out.print(SpanRecorder.tree(env.spans().drain()));
    out.println("  meters (Prometheus text format):");
    env.meters().scrape().lines()
        .filter(l -> l.startsWith("dataproduct_") || l.startsWith("# HELP dataproduct_")
            || l.startsWith("# TYPE dataproduct_"))
        .forEach(l -> out.println("    " + l));

    title("6. A second run: a new version, the previous one stays readable");
    RunResult second = revenue.run();
    summary(second);
    long firstId = first.publication("revenue-lake").map(Publication::id).orElse(-1L);
    long previousRows = readAll(revenue.read("revenue-lake", analyst,
        ReadOptions.publication(firstId))).size();
    out.printf("  revenue-lake: latest publication %d; publication %d still readable: %d rows%n",
        second.publication("revenue-lake").map(Publication::id).orElse(-1L), firstId,
        previousRows);

    // the Iceberg port: one snapshot per run, the first one read back by time travel
    List<Publication> snapshots = revenue.output("revenue-iceberg").publications();
    Publication olderSnapshot = first.publication("revenue-iceberg").orElseThrow();
    out.printf("  revenue-iceberg: table %s, %d publications, latest %s%n",
        SalesProducts.REVENUE_TABLE, snapshots.size(),
        snapshots.get(snapshots.size() - 1).location());
    List<Row> travelled = readAll(revenue.read("revenue-iceberg", analyst,
        ReadOptions.publication(olderSnapshot.id())));
    out.printf("  revenue-iceberg publication %d (%s, committed %s), read by time travel:"
        + " %d rows%n", olderSnapshot.id(), olderSnapshot.location(),
        olderSnapshot.committedAt(), travelled.size());
    printRows(travelled, 3);

    title("6b. Product pages and the mesh index, from the running products");
    List<Path> pages = writePages(revenue, kpis);

    title("7. A breaking change under the same major version is refused");
    DataContract broken = SalesProducts.revenueContract("1.1.0",
        SalesProducts.DAILY_REVENUE.without("largest_order"));
    RunResult breaking = SalesProducts.dailyRevenue(env, broken).run();
    List<String> changes = breaking.error()
        .filter(IncompatibleContractException.class::isInstance)
        .map(e -> ((IncompatibleContractException) e).changes()).orElse(List.of());
    out.println("  v1.1.0 without 'largest_order': " + breaking.outcome());
    breaking.error().ifPresent(e -> out.println("  " + e.getMessage().replace("\n", "\n  ")));
    out.printf("  revenue-lake latest is still publication %d%n",
        revenue.output("revenue-lake").latest().map(Publication::id).orElse(-1L));
    env.spans().drain();

    DemoReport.Streaming streaming = streaming();
    env.spans().drain();

    return new DemoReport(confirmed, first, kpiRun, kpisSawClear, refused, reasons, descriptors,
        analystRows.size(), clear, denied, second, previousRows, snapshots.size(),
        travelled.size(), pages, breaking, changes, streaming);
  }

  /** Step 8: order events through a streaming product, micro-batch by micro-batch. */
  private DemoReport.Streaming streaming() throws Exception {
    title("8. Streaming: order-events runs continuously over a Kafka topic");
    String in = "sales.orders";
    String outTopic = "sales.order-events";
    OrderStream.sendRawEvents(env, in);
    out.println("  " + env.kafkaDescription() + ": sent " + OrderStream.EVENTS
        + " raw order events to " + in + " (" + OrderStream.NEGATIVE_AMOUNTS
        + " with a negative amount, " + OrderStream.UNKNOWN_CURRENCIES
        + " in an unknown currency)");
    try (DataProduct events = OrderStream.orderEvents(env, in, outTopic)) {
      List<RunResult> batches = OrderStream.runUntilRead(events, OrderStream.EVENTS,
          Duration.ofSeconds(120));
      long read = batches.stream().mapToLong(RunResult::rowsRead).sum();
      long published = batches.stream().mapToLong(RunResult::rowsWritten).sum();
      long quarantined = batches.stream().mapToLong(RunResult::rowsQuarantined).sum();
      boolean balanced = batches.stream().allMatch(RunResult::accountingBalanced);
      out.printf("  %d micro-batches (one run and one Kafka transaction each): read %,d,"
          + " published %,d to %s, quarantined %,d to %s.quarantine; accounting %s%n",
          batches.size(), read, published, outTopic, quarantined, outTopic,
          balanced ? "balanced in every micro-batch" : "UNBALANCED");
      List<Row> latest = readAll(events.read("order-events",
          Principal.of("ana").withRoles("analyst"), ReadOptions.latest()));
      boolean clear = latest.stream().map(r -> r.get("customer_email"))
          .anyMatch(v -> v != null && v.toString().contains("@"));
      out.printf("  analyst reads the latest publication (%d events), customer_email %s:%n",
          latest.size(), clear ? "IN CLEAR (unexpected!)" : "hashed");
      printRows(latest, 2);
      return new DemoReport.Streaming(batches.size(), read, published, quarantined, balanced,
          latest.size(), clear);
    }
  }

  private void title(String text) {
    out.println();
    out.println("== " + text);
  }

  private void summary(RunResult run) {
    out.printf("  run %s: %s in %d ms, accounting %s%n", run.runId(), run.outcome(),
        run.duration().toMillis(), run.accountingBalanced() ? "balanced" : "UNBALANCED "
            + run.accountingProblems());
    out.printf("  %-15s %-6s %9s %9s %12s %9s %12s%n", "port", "kind", "read", "written",
        "quarantined", "filtered", "publication");
    for (InputCounts in : run.inputs().values()) {
      out.printf("  %-15s %-6s %9d %9s %12d %9s %12s%n", in.port(), "input", in.read(), "-",
          in.quarantined(), "-", "-");
    }
    for (OutputCounts o : run.outputs().values()) {
      out.printf("  %-15s %-6s %9d %9d %12d %9d %12s%n", o.port(), "output", o.received(),
          o.written(), o.quarantined(), o.filtered(),
          run.publication(o.port()).map(p -> String.valueOf(p.id())).orElse("-"));
    }
    run.error().ifPresent(e -> out.println("  error: " + e.getClass().getSimpleName()));
  }

  private Map<String, String> quarantineReasons(DataProduct product, RunResult run) {
    Map<String, String> reasons = new LinkedHashMap<>();
    // the owner's access-checked read of its quarantine, audited like any read
    Principal owner = Principal.of(product.owner(Owner.Kind.TECHNICAL).orElseThrow().id());
    out.println("  quarantined rows, read by the owner " + owner.id() + ":");
    for (String port : product.inputs().keySet()) {
      for (Row r : readAll(product.quarantine(port, owner, ReadOptions.latest()))) {
        if (!r.getString(Quarantine.RUN_ID).equals(run.runId())) {
          continue;
        }
        out.printf("    %-7s %-20s %s%n", r.getString(Quarantine.PORT),
            r.getString(Quarantine.RULE_ID), r.getString(Quarantine.REASON));
        reasons.merge(r.getString(Quarantine.RULE_ID), r.getString(Quarantine.REASON),
            (a, b) -> a);
      }
    }
    return reasons;
  }

  private List<Path> writeDescriptors(DataProduct product) throws IOException {
    List<Path> files = new ArrayList<>();
    Path odps = env.outputDir().resolve(product.name() + ".odps.yaml");
    product.descriptor().write(odps);
    files.add(odps);
    for (OutputPort port : product.outputs().values()) {
      Path odcs = env.outputDir().resolve(product.name() + "." + port.name() + ".odcs.yaml");
      Files.writeString(odcs, DataContracts.toYaml(port));
      files.add(odcs);
    }
    for (Path f : files) {
      out.printf("  %s (%,d bytes)%n", f, Files.size(f));
    }
    return files;
  }

  /**
   * The static site of the two products (sdk-page): each product's page with the publications its
   * stores retain, and the mesh index, with the mesh's glossary. The build writes the same pages
   * from descriptors, without history (the plugin's {@code page} goal).
   */
  private List<Path> writePages(DataProduct... products) throws IOException {
    MeshSite.Builder site = MeshSite.builder().glossary(DemoProducts.glossary());
    for (DataProduct p : products) {
      site.product(p);
    }
    List<Path> pages = site.build().write(env.outputDir().resolve("site"));
    for (Path f : pages) {
      out.printf("  %s (%,d bytes)%n", f.toUri(), Files.size(f));
    }
    return pages;
  }

  private static List<Row> readAll(BatchReader reader) {
    List<Row> rows = new ArrayList<>();
    try (reader) {
      for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
        rows.addAll(b);
      }
    }
    return rows;
  }

  private void printRows(BatchReader reader, int max) {
    printRows(readAll(reader), max);
  }

  private void printRows(List<Row> rows, int max) {
    rows.stream().limit(max).forEach(r -> out.println("    " + r.toMap().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
    if (rows.size() > max) {
      out.printf("    ... %d rows in all%n", rows.size());
    }
  }
}
