package dev.dataproduct.jdbc;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.telemetry.TelemetryNames;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.TestWriteContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a {@link JdbcOutputPort} does on every database; subclasses pick the database. */
abstract class OutputPortBehaviour {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  DataSource ds;

  abstract Target target();

  @BeforeEach
  void freshDatabase() {
    ds = target().fresh();
  }

  @AfterEach
  void dropDatabase() {
    target().drop(ds);
  }

  JdbcOutputPort.Builder port(String table) {
    return JdbcOutputPort.builder("orders-out").dataSource(ds).table(table)
        .createTableIfMissing().contract(Fixtures.contract());
  }

  RunResult run(OutputPort port, List<Row> rows) {
    return Fixtures.product(port, rows, dp.telemetry()).run();
  }

  /** What the consuming product reads of the published orders. */
  private static final Schema CONSUMED = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("email", FieldType.STRING));

  private DataProduct consumer(dev.dataproduct.InputPort in) {
    return DataProduct.builder("order-stats").version("1.0.0").domain("finance")
        .owner(dev.dataproduct.Owner.business("cfo@example.com"),
            dev.dataproduct.Owner.technical("fin-eng"))
        .input(in)
        .output(dev.dataproduct.testing.InMemoryOutputPort.create("seen",
            DataContract.builder("seen").version("1.0.0").schema(CONSUMED).build()))
        .policy(AccessPolicy.allow("finance"))
        .telemetry(dp.telemetry())
        .build();
  }

  @Test
  void anotherProduct_readsThePublishedTable_asAPrincipal_withThePoliciesStoredThere() {
    DataProduct owner = Fixtures.product(port("orders").build(), Fixtures.orders(1, 3),
        dp.telemetry()).toBuilder()
        .policy(AccessPolicy.allow("analyst").mask("email", dev.dataproduct.policy.Masking.hash()))
        .build();
    assertThat(owner.run()).succeeded().wrote("orders-out", 3);
    // another service: only the table is at hand (a port over it, never run, gives the store)
    dev.dataproduct.spi.PublicationStore table = PortStorage.store(port("orders").build());

    DataProduct analyst = consumer(dev.dataproduct.ProductInputPort.builder("orders")
        .from("jdbc-test", "orders-out", table).as("analyst").schema(CONSUMED).contractMajor(1)
        .build());
    DataProduct nobody = consumer(dev.dataproduct.ProductInputPort.builder("orders")
        .from("jdbc-test", "orders-out", table).as("intern").schema(CONSUMED).build());

    assertThat(dp.run(analyst)).succeeded().wrote("seen", 3);
    assertThat(dev.dataproduct.testing.InMemoryPublicationStore.of(analyst.output("seen"))
        .latestRows()).extracting(r -> r.getString("email"))
        .doesNotContain("c1@example.com").allSatisfy(h -> assertThat(h).hasSize(32));
    assertThat(dp.run(nobody)).failed().error().isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Product 'order-stats' may not read port 'orders-out' of product"
            + " 'jdbc-test'").hasMessageContaining("role [analyst]");
  }

  @Test
  void close_afterRun_releasesThePortsButNeverTheUsersDataSource() throws SQLException {
    Db.execute(ds, "CREATE TABLE source_orders (id BIGINT PRIMARY KEY, customer VARCHAR(40),"
            + " email VARCHAR(100), amount DECIMAL(12, 2))",
        "INSERT INTO source_orders VALUES (1, 'a', 'a@example.com', 1.25),"
            + " (2, 'b', 'b@example.com', 2.50)");
    JdbcInputPort in = JdbcInputPort.builder("in", ds).table("source_orders")
        .schema(Fixtures.ORDERS).build();
    DataProduct product = Fixtures.product(port("orders").build(), in, Transforms.identity(),
        dp.telemetry());
    assertThat(product.run()).succeeded().wrote("orders-out", 2);

    product.close();

    assertThatThrownBy(product::run).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'jdbc-test'");
    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(5)).as("a connection of the user's DataSource").isTrue();
    }
    assertThat(Db.count(ds, "orders")).isEqualTo(2);
    assertThat(Fixtures.readAll(port("orders").build(), ReadOptions.latest()))
        .as("a new port over the same DataSource").hasSize(2);
  }

  @Test
  void publication_beforeCommit_isInvisibleToOtherConnections() {
    OutputPort port = port("orders").build();
    TestWriteContext ctx = TestWriteContext.of("orders-out", Fixtures.contract());
    PublicationWriter writer = PortStorage.store(port).open(ctx);
    writer.write(Fixtures.orders(1, 2_500));
    assertThat(ctx.attributes()).containsKeys("db.system.name", "db.collection.name");

    assertThat(Db.count(ds, "orders")).isZero();
    assertThat(port.publications()).isEmpty();

    Publication p = writer.commit();

    assertThat(Db.count(ds, "orders")).isEqualTo(2_500);
    assertThat(p.rows()).isEqualTo(2_500);
    assertThat(port.latest()).contains(p);
    assertThat(Db.query(ds, "SELECT product, port, publication_id, run_id, row_count,"
        + " contract_version, write_mode FROM dataproduct_publications"))
        .containsExactly(Map.of("product", ctx.productName(), "port", "orders-out",
            "publication_id", 1L, "run_id", ctx.runId(), "row_count", 2_500L,
            "contract_version", "1.0.0", "write_mode", "APPEND"));
  }

  @Test
  void abort_afterWrites_leavesTableAndLogUntouched_andNextPublicationWorks() {
    OutputPort port = port("orders").build();
    PublicationWriter writer = PortStorage.store(port).open(TestWriteContext.of("orders-out",
        Fixtures.contract()));
    writer.write(Fixtures.orders(1, 3_000));

    writer.abort();
    writer.abort();

    assertThat(Db.count(ds, "orders")).isZero();
    assertThat(port.publications()).isEmpty();
    RunResult next = run(port, Fixtures.orders(1, 10));
    assertThat(next).succeeded().wrote("orders-out", 10);
    assertThat(Db.count(ds, "orders")).isEqualTo(10);
  }

  @Test
  void overwrite_duringPublication_secondConnectionStillSeesPreviousRows() {
    OutputPort port = port("orders").mode(WriteMode.OVERWRITE).build();
    assertThat(run(port, Fixtures.orders(1, 100))).succeeded();
    PublicationWriter writer = PortStorage.store(port).open(TestWriteContext.of("orders-out",
        Fixtures.contract()));
    writer.write(Fixtures.orders(1_000, 40));

    // not empty, not blocked (the query has a timeout), not half: the old rows
    assertThat(Db.count(ds, "orders")).isEqualTo(100);
    assertThat(Db.query(ds, "SELECT MIN(id) AS lo FROM orders").get(0).get("lo"))
        .isEqualTo(1L);

    writer.commit();
    assertThat(Db.count(ds, "orders")).isEqualTo(40);
    assertThat(Db.query(ds, "SELECT MIN(id) AS lo FROM orders").get(0).get("lo"))
        .isEqualTo(1_000L);
    // the table holds publication 2 only: publication 1 cannot be read any more
    assertThat(port.publications()).extracting(Publication::id).containsExactly(2L);
  }

  @Test
  void publications_listOnlyWhatCanStillBeRead_appendAllOverwriteTheLatest() {
    OutputPort append = port("orders").build();
    run(append, Fixtures.orders(1, 5)).orThrow();
    run(append, Fixtures.orders(10, 3)).orThrow();
    assertThat(append.publications()).extracting(Publication::id).containsExactly(1L, 2L);

    OutputPort overwrite = port("orders_current").mode(WriteMode.OVERWRITE).build();
    run(overwrite, Fixtures.orders(1, 5)).orThrow();
    run(overwrite, Fixtures.orders(10, 3)).orThrow();
    assertThat(overwrite.publications()).extracting(Publication::id).containsExactly(2L);

    for (OutputPort port : List.of(append, overwrite)) {
      for (Publication p : port.publications()) {
        assertThat(Fixtures.readAll(port, ReadOptions.publication(p.id()))).hasSize(
            (int) p.rows());
      }
    }
  }

  @Test
  void overwrite_readOfReplacedPublication_failsNamingTheCurrentOne() {
    OutputPort port = port("orders").mode(WriteMode.OVERWRITE).build();
    run(port, Fixtures.orders(1, 5)).orThrow();
    run(port, Fixtures.orders(10, 3)).orThrow();

    assertThat(Fixtures.readAll(port, ReadOptions.latest())).hasSize(3);
    assertThatThrownBy(() -> Fixtures.readAll(port, ReadOptions.publication(1)))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("no readable publication 1")
        .hasMessageContaining("current contents, publication 2");
  }

  @Test
  void overwrite_concurrentRuns_leaveExactlyOneRunsRows() throws Exception {
    OutputPort port = port("orders").mode(WriteMode.OVERWRITE).build();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<RunResult>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        List<Row> rows = Fixtures.orders(i * 1_000, 500 + i);
        runs.add(pool.submit(() -> run(port, rows)));
      }
      for (Future<RunResult> f : runs) {
        assertThat(f.get(60, TimeUnit.SECONDS)).succeeded();
      }
    } finally {
      pool.shutdownNow();
    }
    Publication last = port.latest().orElseThrow();
    assertThat(last.id()).isEqualTo(3L);
    assertThat(port.publications()).containsExactly(last);
    assertThat(Db.count(ds, "orders")).isEqualTo(last.rows());
  }

  @Test
  void upsert_sameRunTwice_leavesTheSameTable() {
    OutputPort port = port("orders").mode(WriteMode.UPSERT).build();
    List<Row> rows = Fixtures.orders(1, 1_500);

    assertThat(run(port, rows)).succeeded().wrote("orders-out", 1_500);
    List<Map<String, Object>> first = Db.query(ds, "SELECT * FROM orders ORDER BY id");
    assertThat(run(port, rows)).succeeded().wrote("orders-out", 1_500);

    assertThat(Db.query(ds, "SELECT * FROM orders ORDER BY id")).isEqualTo(first);
    assertThat(first).hasSize(1_500);
  }

  @Test
  void upsert_changedRows_updateInPlace_andNewKeysAreInserted() {
    OutputPort port = port("orders").mode(WriteMode.UPSERT).build();
    run(port, Fixtures.orders(1, 10)).orThrow();
    List<Row> changed = new ArrayList<>();
    for (Row r : Fixtures.orders(6, 10)) {
      changed.add(r.with("amount", new BigDecimal("99.99")));
    }

    assertThat(run(port, changed)).succeeded().wrote("orders-out", 10);

    assertThat(Db.count(ds, "orders")).isEqualTo(15);
    assertThat(Db.query(ds, "SELECT COUNT(*) AS n FROM orders WHERE amount = 99.99").get(0)
        .get("n")).isEqualTo(10L);
    assertThat(Db.query(ds, "SELECT amount FROM orders WHERE id = 5").get(0).get("amount"))
        .isEqualTo(new BigDecimal("5.25"));
  }

  @Test
  void upsert_sameKeyTwiceInOnePublication_lastRowWins() {
    Schema schema = Schema.of(Field.required("sale_day", FieldType.STRING).withMaxLength(10),
        Field.required("country", FieldType.STRING).withMaxLength(2),
        Field.required("total", FieldType.INTEGER));
    DataContract contract = DataContract.builder("totals").schema(schema).build();
    Db.execute(ds, "CREATE TABLE totals (sale_day VARCHAR(10) NOT NULL,"
        + " country VARCHAR(2) NOT NULL, total BIGINT NOT NULL, PRIMARY KEY (sale_day, country))");
    OutputPort port = JdbcOutputPort.builder("totals").dataSource(ds).table("totals")
        .mode(WriteMode.UPSERT).keyColumns("sale_day", "country").contract(contract).build();
    List<Row> rows = List.of(Row.of(schema, "2026-01-01", "DE", 1L),
        Row.of(schema, "2026-01-01", "FR", 2L), Row.of(schema, "2026-01-01", "DE", 3L));

    assertThat(run(port, rows)).succeeded().wrote("totals", 3);

    assertThat(Db.query(ds, "SELECT country, total FROM totals ORDER BY country"))
        .containsExactly(Map.of("country", "DE", "total", 3L),
            Map.of("country", "FR", "total", 2L));
  }

  @Test
  void createTableIfMissing_declaresNotNullAndPrimaryKey() throws SQLException {
    OutputPort port = port("orders").mode(WriteMode.UPSERT).build();
    run(port, Fixtures.orders(1, 1)).orThrow();

    try (Connection c = ds.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      String table = md.storesUpperCaseIdentifiers() ? "ORDERS" : "orders";
      List<String> notNull = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, null, table, null)) {
        while (rs.next()) {
          if (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls) {
            notNull.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
      assertThat(notNull).containsExactlyInAnyOrder("id", "customer", "amount");
      List<String> pk = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, null, table)) {
        while (rs.next()) {
          pk.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
        }
      }
      assertThat(pk).containsExactly("id");
    }
  }

  @Test
  void existingTable_missingColumn_failsRunNamingTheColumn() {
    Db.execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40),"
        + " amount NUMERIC(12,2))");
    OutputPort port = JdbcOutputPort.builder("orders-out").dataSource(ds).table("orders")
        .contract(Fixtures.contract()).build();

    RunResult run = run(port, Fixtures.orders(1, 3));

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(DataProductException.class)
        .hasMessageContaining("Output port 'orders-out' (table orders)")
        .hasMessageContaining("column 'email' is missing");
    assertThat(Db.count(ds, "orders")).isZero();
  }

  @Test
  void existingTable_incompatibleColumnType_failsRunNamingTheColumn() {
    Db.execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40),"
        + " email VARCHAR(100), amount DATE)");
    OutputPort port = JdbcOutputPort.builder("orders-out").dataSource(ds).table("orders")
        .contract(Fixtures.contract()).build();

    RunResult run = run(port, Fixtures.orders(1, 3));

    assertThat(run).failed();
    assertThat(run).error().hasMessageContaining("column 'amount' is date")
        .hasMessageContaining("expects number");
  }

  @Test
  void missingTable_withoutCreate_failsWithHint() {
    OutputPort port = JdbcOutputPort.builder("orders-out").dataSource(ds).table("nowhere")
        .contract(Fixtures.contract()).build();

    RunResult run = run(port, Fixtures.orders(1, 3));

    assertThat(run).failed();
    assertThat(run).error().isInstanceOf(StorageException.class)
        .hasMessageContaining("the table does not exist");
  }

  @Test
  void reservedWordsAsNames_areQuotedAndWork() {
    Schema schema = Schema.of(Field.required("select", FieldType.INTEGER).asPrimaryKey(),
        Field.optional("from", FieldType.STRING));
    DataContract contract = DataContract.builder("odd").schema(schema).build();
    OutputPort port = JdbcOutputPort.builder("odd").dataSource(ds).table("order")
        .createTableIfMissing().contract(contract).build();

    RunResult run = run(port, List.of(Row.of(schema, 1L, "a"), Row.of(schema, 2L, null)));

    assertThat(run).succeeded().wrote("odd", 2);
    assertThat(Fixtures.readAll(port, ReadOptions.latest())).extracting(r -> r.get("from"))
        .containsExactly("a", null);
  }

  @Test
  void rejectedRows_survivefailedRun_inQuarantineTable() {
    DataContract contract = Fixtures.contract().toBuilder()
        .rule(Rules.range("amount", BigDecimal.ZERO, null))
        .rule(Rules.rowCount(1_000L, null).action(Action.FAIL))
        .build();
    OutputPort port = port("orders").contract(contract).build();
    List<Row> rows = new ArrayList<>(Fixtures.orders(1, 20));
    rows.add(Fixtures.orders(21, 1).get(0).with("amount", new BigDecimal("-5.00")));
    rows.add(Fixtures.orders(22, 1).get(0).with("amount", new BigDecimal("-6.00")));

    RunResult run = run(port, rows);

    assertThat(run).failed().publishedNothing();
    assertThat(Db.count(ds, "orders")).isZero();
    List<Map<String, Object>> q = Db.query(ds, "SELECT run_id, product, port, rule_id, reason,"
        + " record FROM orders_quarantine ORDER BY record");
    assertThat(q).hasSize(2);
    assertThat(q).allSatisfy(r -> {
      assertThat(r.get("run_id")).isEqualTo(run.runId());
      assertThat(r.get("product")).isEqualTo("jdbc-test");
      assertThat(r.get("port")).isEqualTo("orders-out");
      assertThat(r.get("rule_id")).isEqualTo("amount-range");
      assertThat((String) r.get("reason")).contains("amount");
    });
    assertThat((String) q.get(0).get("record")).contains("\"id\":\"21\"", "-5.00");
    assertThat(PortStorage.quarantine(port).publications()).hasSize(1);
    assertThat(port.publications()).isEmpty();
  }

  @Test
  void writeSpan_carriesDatabaseAttributes_andNoRowValues() {
    OutputPort port = port("orders").build();
    List<Row> rows = Fixtures.orders(1, 5);
    rows.set(0, rows.get(0).with("email", "canary-7f3a@secret.example"));

    assertThat(run(port, rows)).succeeded();

    SpanData write = dp.spans(TelemetryNames.SPAN_WRITE + " orders-out").get(0);
    assertThat(write.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo(target().systemName());
    assertThat(write.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
        .isEqualTo("orders");
    assertThat(write.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
        .isIn("COPY", "INSERT");
    assertThat(dp.spans()).allSatisfy(s -> assertThat(s.toString())
        .doesNotContain("canary-7f3a").doesNotContain("INSERT INTO").doesNotContain("COPY "));
  }

  @Test
  void consumeSpan_ofAGrantedRead_carriesTheWriteSpansDatabaseAttributes_andSelect() {
    OutputPort port = port("orders").accessPolicy(AccessPolicy.allow("analyst")).build();
    DataProduct product = Fixtures.product(port, Fixtures.orders(1, 5), dp.telemetry());
    assertThat(product.run()).succeeded();

    try (BatchReader r = product.read("orders-out", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())) {
      long rows = 0;
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        rows += b.size();
      }
      assertThat(rows).isEqualTo(5);
    }

    SpanData write = dp.spans(TelemetryNames.SPAN_WRITE + " orders-out").get(0);
    SpanData consume = dp.spans(TelemetryNames.SPAN_CONSUME + " orders-out").get(0);
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo(target().systemName())
        .isEqualTo(write.getAttributes().get(AttributeKey.stringKey("db.system.name")));
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
        .isEqualTo("orders")
        .isEqualTo(write.getAttributes().get(AttributeKey.stringKey("db.collection.name")));
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
        .isEqualTo("SELECT");
    assertThat(consume.getAttributes().get(TelemetryNames.PORT)).isEqualTo("orders-out");
    assertThat(consume.getAttributes().get(TelemetryNames.PORT_TYPE)).isEqualTo("jdbc");
    assertThat(consume.toString()).doesNotContain("SELECT \"").doesNotContain(" FROM ");
  }

  @Test
  void consumeSpan_ofADeniedRead_carriesNoDatabaseAttributes() {
    OutputPort port = port("orders").accessPolicy(AccessPolicy.allow("analyst")).build();
    DataProduct product = Fixtures.product(port, Fixtures.orders(1, 5), dp.telemetry());
    assertThat(product.run()).succeeded();

    assertThatThrownBy(() -> product.read("orders-out", Principal.of("mallory"),
        ReadOptions.latest())).isInstanceOf(AccessDeniedException.class);

    SpanData consume = dp.spans(TelemetryNames.SPAN_CONSUME + " orders-out").get(0);
    assertThat(consume.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
        .noneMatch(k -> k.startsWith("db."));
    assertThat(consume.getAttributes().get(TelemetryNames.PUBLICATION_ID)).isNull();
  }

  @Test
  void contractOf_returnsTheStoredContract() {
    DataContract contract = Fixtures.contract().toBuilder().version("1.2.3")
        .description("orders for the test")
        .rule(Rules.range("amount", BigDecimal.ZERO, new BigDecimal("1000")).id("amount-ok"))
        .rule(Rules.pattern("customer", "customer-[0-9]+"))
        .rule(Rules.allowedValues("customer", "a", "b").action(Action.WARN))
        .rule(Rules.rowCount(1L, 10L))
        .freshness(java.time.Duration.ofHours(6))
        .build();
    OutputPort port = port("orders").contract(contract).build();
    Publication p = run(port, Fixtures.orders(1, 2)).orThrow().publication("orders-out")
        .orElseThrow();

    DataContract stored = PortStorage.store(port).contractOf(p).orElseThrow();

    // the contract as declared, plus who published it and the policies then in force
    assertThat(dev.dataproduct.contract.PublishedAccess.detach(stored)).isEqualTo(contract);
    assertThat(dev.dataproduct.contract.PublishedAccess.of(stored)).get()
        .extracting(dev.dataproduct.contract.PublishedAccess::product).isEqualTo("jdbc-test");
  }

  @Test
  void concurrentAppends_getDistinctIds_andAllRows() throws Exception {
    OutputPort port = port("orders").build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<RunResult>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        List<Row> rows = Fixtures.orders(i * 10_000, 2_000);
        runs.add(pool.submit(() -> run(port, rows)));
      }
      for (Future<RunResult> f : runs) {
        assertThat(f.get(60, TimeUnit.SECONDS)).succeeded().wrote("orders-out", 2_000);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(port.publications()).extracting(Publication::id)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(Db.count(ds, "orders")).isEqualTo(8_000);
    assertThat(Db.query(ds, "SELECT dataproduct_publication_id AS p, COUNT(*) AS n FROM orders"
        + " GROUP BY dataproduct_publication_id").stream().map(r -> r.get("n"))
        .collect(Collectors.toList())).containsOnly(2_000L);
  }

  @Test
  void databaseRejection_isStorageExceptionWithSqlState_andNoValueInMessage() {
    Db.execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
        + " email VARCHAR(100), amount NUMERIC(12,2) NOT NULL CHECK (amount < 100))");
    OutputPort port = JdbcOutputPort.builder("orders-out").dataSource(ds).table("orders")
        .contract(Fixtures.contract()).build();
    List<Row> rows = new ArrayList<>(Fixtures.orders(1, 3));
    rows.add(Row.of(Fixtures.ORDERS, 4L, "secret-customer-x9", "pii-x9@example.com",
        new BigDecimal("4242.42")));

    RunResult run = run(port, rows);

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(StorageException.class)
        .hasMessageContaining("Output port 'orders-out' (table orders)")
        .hasMessageNotContaining("4242").hasMessageNotContaining("secret-customer")
        .hasMessageNotContaining("pii-x9");
    assertThat(((StorageException) run.error().orElseThrow()).vendorCode()).startsWith("23");
    assertThat(Db.count(ds, "orders")).isZero();
  }

  @Test
  void databaseRejection_whileTheRunKeepsWriting_failsTheNextWriteWithTheDatabasesError() {
    // the writer thread fails on the first statement; the run thread, still handing over
    // batches (on H2: binding statements from a pool of three), must get that error, not wait
    Db.execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
        + " email VARCHAR(100), amount NUMERIC(12,2) NOT NULL CHECK (amount < 100))");
    OutputPort port = JdbcOutputPort.builder("orders-out").dataSource(ds).table("orders")
        .contract(Fixtures.contract()).copy(false).build();
    PublicationWriter writer = PortStorage.store(port).open(TestWriteContext.of("orders-out",
        Fixtures.contract()));

    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> {
      for (int from = 1; from <= 100_000; from += 1_000) {
        writer.write(Fixtures.orders(from, 1_000));
      }
    }).isInstanceOf(StorageException.class)
        .hasMessageContaining("Output port 'orders-out' (table orders)")
        .satisfies(e -> assertThat(((StorageException) e).vendorCode()).startsWith("23")));

    writer.abort();
    assertThat(Db.count(ds, "orders")).isZero();
    assertThat(port.publications()).isEmpty();
  }

  @Test
  void everyLogicalType_roundTripsExactly_onBothWritePaths() {
    Schema schema = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(),
        Field.optional("name", FieldType.STRING),
        Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2),
        Field.optional("active", FieldType.BOOLEAN),
        Field.optional("day", FieldType.DATE),
        Field.optional("at", FieldType.TIMESTAMP));
    DataContract contract = DataContract.builder("typed").schema(schema).build();
    List<Row> rows = new ArrayList<>();
    Instant[] instants = {Instant.parse("2026-11-21T10:15:30.123456Z"),
        Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("9999-12-31T23:59:59Z"),
        Instant.EPOCH};
    for (int i = 0; i < 1_003; i++) { // more than one multi-row statement, and a rest
      rows.add(Row.of(schema, (long) i, i % 7 == 0 ? null : "naïve-" + i + "-\u00e9\"'",
          i % 5 == 0 ? null : new BigDecimal(i + ".05").negate(),
          i % 3 == 0 ? null : i % 2 == 0, i % 11 == 0 ? null : LocalDate.of(1900 + i % 200, 2, 28),
          i % 13 == 0 ? null : instants[i % instants.length].plusSeconds(i)));
    }
    for (boolean copy : new boolean[] {true, false}) {
      String table = copy ? "typed_copy" : "typed_insert";
      OutputPort port = JdbcOutputPort.builder(table).dataSource(ds).table(table)
          .createTableIfMissing().contract(contract).copy(copy).build();

      run(port, rows).orThrow();

      assertThat(Fixtures.readAll(port, ReadOptions.latest())).as(table)
          .containsExactlyElementsOf(rows);
    }
  }

  @Test
  void emptyStringAndNulls_roundTripThroughPortRead() {
    Schema schema = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(),
        Field.optional("note", FieldType.STRING));
    DataContract contract = DataContract.builder("notes").schema(schema).build();
    OutputPort port = JdbcOutputPort.builder("notes").dataSource(ds).table("notes")
        .createTableIfMissing().contract(contract).build();
    List<Row> rows = List.of(Row.of(schema, 1L, ""), Row.of(schema, 2L, null),
        Row.of(schema, 3L, "x".repeat(10_000)));

    run(port, rows).orThrow();

    assertThat(Fixtures.readAll(port, ReadOptions.latest())).containsExactlyElementsOf(rows);
  }

  @Test
  void numberWithoutScale_keepsDoublesAndLongDecimalsExactly() {
    Schema schema = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(),
        Field.optional("x", FieldType.NUMBER));
    DataContract contract = DataContract.builder("numbers").schema(schema).build();
    OutputPort port = JdbcOutputPort.builder("numbers").dataSource(ds).table("numbers")
        .createTableIfMissing().contract(contract).build();
    BigDecimal longDecimal = new BigDecimal("12345678901234567890.123456789012345678901");
    List<Row> rows = List.of(Row.of(schema, 1L, 0.1), Row.of(schema, 2L, 1e300),
        Row.of(schema, 3L, longDecimal), Row.of(schema, 4L, -0.0000001), Row.of(schema, 5L, null));

    run(port, rows).orThrow();

    List<Row> back = Fixtures.readAll(port, ReadOptions.latest());
    assertThat(back.get(0).getDouble("x")).isEqualTo(0.1);
    assertThat(back.get(1).getDouble("x")).isEqualTo(1e300);
    assertThat(back.get(2).getDecimal("x")).isEqualByComparingTo(longDecimal);
    assertThat(back.get(3).getDouble("x")).isEqualTo(-0.0000001);
    assertThat(back.get(4).get("x")).isNull();
  }

  @Test
  void quarantineRecords_keepSensitiveFieldOutOfReason() {
    DataContract contract = DataContract.builder("orders").schema(Fixtures.ORDERS)
        .rule(Rules.pattern("email", "[a-z0-9]+@example[.]com"))
        .build();
    OutputPort port = port("orders").contract(contract).build();
    List<Row> rows = List.of(Row.of(Fixtures.ORDERS, 1L, "a", "NOT-AN-EMAIL-z7",
        BigDecimal.ONE));

    RunResult run = run(port, rows);

    assertThat(run).succeeded().quarantined("orders-out", 1, "email-pattern");
    Map<String, Object> q = Db.query(ds, "SELECT reason, record FROM orders_quarantine").get(0);
    assertThat((String) q.get("reason")).doesNotContain("NOT-AN-EMAIL-z7");
    assertThat((String) q.get("record")).contains("NOT-AN-EMAIL-z7");
    assertThat(Quarantine.SCHEMA.field(Quarantine.RECORD).isSensitive()).isTrue();
  }

  @Test
  void bytesWritten_isWhatWasSentToTheDatabase_orNoMeterWhenUnknown() {
    RunResult run = run(port("orders").build(), Fixtures.orders(1, 50));

    assertThat(run).succeeded().wrote("orders-out", 50);
    Publication p = run.publication("orders-out").orElseThrow();
    if (target() == Target.POSTGRES) {
      // binary COPY: the bytes streamed to the server, the same in the publication and the meter
      assertThat(p.bytes()).isPositive();
      assertThat(dp.meters()).counter(TelemetryNames.METER_BYTES_WRITTEN, "product", "jdbc-test",
          "port", "orders-out").hasCount(p.bytes());
    } else {
      // INSERT statements: the driver does not say what it sent, so no meter (never a false 0)
      assertThat(p.byteCount()).isEmpty();
      assertThat(dp.meters()).hasNoMeter(TelemetryNames.METER_BYTES_WRITTEN);
      assertThat(dp.meters()).counter(TelemetryNames.METER_ROWS_WRITTEN, "port", "orders-out")
          .hasCount(50);
    }
  }
}
