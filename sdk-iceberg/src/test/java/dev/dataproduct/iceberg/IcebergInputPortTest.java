package dev.dataproduct.iceberg;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.TestReadContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg input ports on a JDBC catalog (H2) over local files: another product's Iceberg
 * publications through the core's governed consumption, and raw tables through Iceberg's generic
 * reader with filters, time travel and every column type of the logical type matrix.
 */
class IcebergInputPortTest {
  private static final AtomicInteger TABLES = new AtomicInteger();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  /** What the downstream product writes: the payments it read. */
  private static final Schema SEEN = IcebergOutputPortTest.V1;

  @BeforeAll
  static void startCatalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  private static TableIdentifier newTable(String namespace) {
    return TableIdentifier.of(namespace, "t" + TABLES.incrementAndGet());
  }

  // -------------------------------------------------------------------------------------------
  // product(): another product's Iceberg output port

  /** Publishes {@code rows} to the payments product's table; returns the publication id. */
  private long publishUpstream(TableIdentifier table, List<Row> rows) {
    OutputPort port = IcebergOutputPort.builder("payments-table").catalog(catalog).table(table)
        .contract(IcebergOutputPortTest.contract("1.0.0", IcebergOutputPortTest.V1)).build();
    return IcebergOutputPortTest.product(port, IcebergOutputPortTest.V1, rows).run().orThrow()
        .publication("payments-table").orElseThrow().id();
  }

  private DataProduct downstream(InputPort payments, OutputPort out) {
    return DataProduct.builder("payment-audit").version("1.0.0").domain("audit")
        .owner(Owner.business("audit@corp.example"), Owner.technical("audit-eng"))
        .input(payments)
        .transform(Transforms.identity())
        .output(out)
        .policy(dev.dataproduct.policy.AccessPolicy.allowAll())
        .telemetry(dp.telemetry())
        .build();
  }

  private static OutputPort seenPort() {
    return InMemoryOutputPort.create("seen", DataContract.builder("seen").version("1.0.0")
        .schema(SEEN).build());
  }

  private static IcebergInputPort.ProductBuilder upstream(TableIdentifier table) {
    return IcebergInputPort.product("payments").catalog(catalog).table(table)
        .upstream("payments", "payments-table").schema(IcebergOutputPortTest.V1)
        .contractMajor(1);
  }

  @Test
  void product_readsTheLatestPublication_asThisProduct_withItsGrant() {
    TableIdentifier table = newTable("finance");
    publishUpstream(table, IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 1, 3));
    publishUpstream(table, IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 10, 2));
    DataProduct audit = downstream(upstream(table).as("analyst").build(), seenPort());

    RunResult run = dp.run(audit);

    assertThat(run).succeeded().wrote("seen", 2);
    assertThat(run.input("payments").read()).isEqualTo(2);
    assertThat(drain(audit.output("seen").read(dev.dataproduct.Principal.of("audit")
        .withRoles("owner"), ReadOptions.latest())))
        .extracting(r -> r.getLong("id")).containsExactlyInAnyOrder(10L, 11L);
    assertThat(dp.spans("dataproduct.read payments")).singleElement().satisfies(s ->
        assertThat(s.getAttributes().asMap().toString()).contains("iceberg.table=" + table));
  }

  @Test
  void product_pinnedPublication_readsThatSnapshotByTimeTravel() {
    TableIdentifier table = newTable("finance");
    long first = publishUpstream(table,
        IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 1, 3));
    publishUpstream(table, IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 10, 2));

    List<Row> rows = drain(upstream(table).as("analyst").publication(first).build()
        .read(TestReadContext.of("payments")));

    assertThat(rows).extracting(r -> r.getLong("id")).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void product_withoutAGrant_isDenied_namingBothProducts() {
    TableIdentifier table = newTable("finance");
    publishUpstream(table, IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 1, 1));

    RunResult run = dp.run(downstream(upstream(table).build(), seenPort()));

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Product 'payment-audit' may not read port 'payments-table' of"
            + " product 'payments'");
  }

  @Test
  void product_ofAnotherMajor_isRefused_andATableNeverPublished_saysSo() {
    TableIdentifier table = newTable("finance");
    publishUpstream(table, IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 1, 1));

    assertThatThrownBy(() -> IcebergInputPort.product("payments").catalog(catalog).table(table)
        .schema(IcebergOutputPortTest.V1).as("analyst").contractMajor(2).build()
        .read(TestReadContext.of("payments")))
        .isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("accepts contract 'payments' major version 2");
    TableIdentifier never = newTable("finance");
    assertThatThrownBy(() -> upstream(never).as("analyst").build()
        .read(TestReadContext.of("payments")))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("has no publication yet");
    assertThat(catalog.tableExists(never)).as("a reader never creates the table").isFalse();
  }

  @Test
  void productBuilder_namesWhatIsMissing() {
    assertThatThrownBy(() -> IcebergInputPort.product("p").catalog(catalog)
        .table(TableIdentifier.of("a", "b")).schema(SEEN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contractMajor");
    assertThatThrownBy(() -> IcebergInputPort.product("p").table(TableIdentifier.of("a", "b"))
        .schema(SEEN).contractMajor(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no catalog");
    assertThatThrownBy(() -> IcebergInputPort.product("bad name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad name'");
  }

  // -------------------------------------------------------------------------------------------
  // table(): raw Iceberg tables

  private static final org.apache.iceberg.Schema EVENTS = new org.apache.iceberg.Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "country", Types.StringType.get()),
      Types.NestedField.optional(3, "amount", Types.DecimalType.of(12, 2)));

  private static final Schema EVENT = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  private static Record event(long id, String country, String amount) {
    GenericRecord r = GenericRecord.create(EVENTS);
    r.setField("id", id);
    r.setField("country", country);
    r.setField("amount", amount == null ? null : new BigDecimal(amount));
    return r;
  }

  /** Appends {@code records} in one data file and one snapshot, as any Iceberg writer does. */
  private static long append(Table table, List<Record> records) throws IOException {
    String path = table.locationProvider().newDataLocation("raw-" + UUID.randomUUID()
        + ".parquet");
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(path))
        .schema(table.schema())
        .createWriterFunc(GenericParquetWriter::create)
        .withSpec(PartitionSpec.unpartitioned())
        .overwrite()
        .build();
    try (writer) {
      records.forEach(writer::write);
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).commit();
    table.refresh();
    return table.currentSnapshot().snapshotId();
  }

  private static List<Row> drain(BatchReader reader) {
    List<Row> all = new ArrayList<>();
    try (reader) {
      for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  @Test
  void table_everyColumnTypeOfTheMatrix_readsAsItsLogicalType() throws IOException {
    Types.StructType point = Types.StructType.of(
        Types.NestedField.optional(20, "x", Types.IntegerType.get()),
        Types.NestedField.optional(21, "label", Types.StringType.get()));
    org.apache.iceberg.Schema columns = new org.apache.iceberg.Schema(
        Types.NestedField.required(1, "s", Types.StringType.get()),
        Types.NestedField.optional(2, "u", Types.UUIDType.get()),
        Types.NestedField.optional(3, "i", Types.IntegerType.get()),
        Types.NestedField.optional(4, "l", Types.LongType.get()),
        Types.NestedField.optional(5, "dec", Types.DecimalType.of(20, 4)),
        Types.NestedField.optional(6, "dbl", Types.DoubleType.get()),
        Types.NestedField.optional(7, "f", Types.FloatType.get()),
        Types.NestedField.optional(8, "b", Types.BooleanType.get()),
        Types.NestedField.optional(9, "d", Types.DateType.get()),
        Types.NestedField.optional(10, "ts", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(11, "tstz", Types.TimestampType.withZone()),
        Types.NestedField.optional(12, "st", point),
        Types.NestedField.optional(13, "m", Types.MapType.ofOptional(30, 31,
            Types.StringType.get(), Types.LongType.get())),
        Types.NestedField.optional(14, "li", Types.ListType.ofOptional(40,
            Types.StringType.get())),
        Types.NestedField.optional(15, "js", Types.StringType.get()),
        Types.NestedField.optional(16, "n_as_long", Types.LongType.get()));
    TableIdentifier id = newTable("raw");
    Table table = catalog.createTable(id, columns);
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    GenericRecord full = GenericRecord.create(columns);
    full.setField("s", "caf\u00e9 \uD83D\uDE00");
    full.setField("u", uuid);
    full.setField("i", 42);
    full.setField("l", Long.MIN_VALUE);
    full.setField("dec", new BigDecimal("1234567890123456.7890"));
    full.setField("dbl", 0.1d);
    full.setField("f", 1.5f);
    full.setField("b", true);
    full.setField("d", LocalDate.of(2026, 12, 1));
    full.setField("ts", LocalDateTime.of(2026, 12, 1, 10, 15, 30, 123_456_000));
    full.setField("tstz", OffsetDateTime.of(2026, 12, 1, 10, 15, 30, 1_000, ZoneOffset.UTC));
    GenericRecord p = GenericRecord.create(point);
    p.setField("x", 7);
    p.setField("label", "seven");
    full.setField("st", p);
    full.setField("m", Map.of("k", 5L));
    full.setField("li", List.of("a", "b"));
    full.setField("js", "{\"k\":[1,2.5]}");
    full.setField("n_as_long", 9_007_199_254_740_993L);
    GenericRecord empty = GenericRecord.create(columns);
    empty.setField("s", "only");
    append(table, List.of(full, empty));
    Schema expected = Schema.of(
        Field.required("s", FieldType.STRING),
        Field.optional("u", FieldType.STRING),
        Field.optional("i", FieldType.INTEGER),
        Field.optional("l", FieldType.INTEGER),
        Field.optional("dec", FieldType.NUMBER).withDecimal(20, 4),
        Field.optional("dbl", FieldType.NUMBER),
        Field.optional("f", FieldType.NUMBER),
        Field.optional("b", FieldType.BOOLEAN),
        Field.optional("d", FieldType.DATE),
        Field.optional("ts", FieldType.TIMESTAMP),
        Field.optional("tstz", FieldType.TIMESTAMP),
        Field.optional("st", FieldType.OBJECT),
        Field.optional("m", FieldType.OBJECT),
        Field.optional("li", FieldType.ARRAY),
        Field.optional("js", FieldType.OBJECT),
        Field.optional("n_as_long", FieldType.NUMBER),
        Field.optional("absent", FieldType.STRING));
    TestReadContext context = TestReadContext.of("raw");

    List<Row> rows = drain(IcebergInputPort.table(catalog, id, expected).build().read(context));

    assertThat(rows).hasSize(2);
    Row r = rows.stream().filter(x -> x.get("u") != null).findFirst().orElseThrow();
    Map<String, Object> point7 = new LinkedHashMap<>();
    point7.put("x", 7L);
    point7.put("label", "seven");
    assertThat(r.get("s")).isEqualTo("caf\u00e9 \uD83D\uDE00");
    assertThat(r.get("u")).isEqualTo(uuid.toString());
    assertThat(r.get("i")).isEqualTo(42L);
    assertThat(r.get("l")).isEqualTo(Long.MIN_VALUE);
    assertThat(r.get("dec")).isEqualTo(new BigDecimal("1234567890123456.7890"));
    assertThat(r.get("dbl")).isEqualTo(0.1d);
    assertThat(r.get("f")).isEqualTo(1.5f);
    assertThat(r.get("b")).isEqualTo(true);
    assertThat(r.get("d")).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(r.get("ts")).isEqualTo(Instant.parse("2026-12-01T10:15:30.123456Z"));
    assertThat(r.get("tstz")).isEqualTo(Instant.parse("2026-12-01T10:15:30.000001Z"));
    assertThat(r.get("st")).isEqualTo(point7);
    assertThat(r.get("m")).isEqualTo(Map.of("k", 5L));
    assertThat(r.get("li")).isEqualTo(List.of("a", "b"));
    assertThat(r.get("js")).isEqualTo(Map.of("k", List.of(1L, 2.5d)));
    assertThat(r.get("n_as_long")).isEqualTo(9_007_199_254_740_993L);
    assertThat(r.get("absent")).isNull();
    Row nulls = rows.stream().filter(x -> x.get("u") == null).findFirst().orElseThrow();
    assertThat(nulls.toMap().values().stream().filter(v -> v != null)).containsExactly("only");
    assertThat(context.attributes()).containsEntry("iceberg.table", id.toString())
        .containsEntry("iceberg.snapshot.id", Long.toString(table.currentSnapshot().snapshotId()));
  }

  @Test
  void table_inARun_rowsTheContractRefusesAreQuarantined_andAccountsBalance() throws IOException {
    org.apache.iceberg.Schema finer = new org.apache.iceberg.Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "country", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.DecimalType.of(12, 3)));
    TableIdentifier id = newTable("raw");
    Table table = catalog.createTable(id, finer);
    List<Record> records = new ArrayList<>();
    for (String amount : new String[] {"1.250", null, "3.333"}) {
      GenericRecord r = GenericRecord.create(finer);
      r.setField("id", (long) records.size() + 1);
      r.setField("country", "PT");
      r.setField("amount", amount == null ? null : new BigDecimal(amount));
      records.add(r);
    }
    append(table, records);
    OutputPort out = InMemoryOutputPort.create("events", DataContract.builder("events")
        .version("1.0.0").schema(EVENT).build());
    DataProduct product = DataProduct.builder("event-copy").version("1.0.0").domain("raw")
        .owner(Owner.business("ana@corp.example"), Owner.technical("eng"))
        .input(IcebergInputPort.table(catalog, id, EVENT).name("events-in").build())
        .transform(Transforms.identity())
        .output(out)
        .telemetry(dp.telemetry())
        .build();

    RunResult run = dp.run(product);

    assertThat(run).succeeded().wrote("events", 1);
    assertThat(run.input("events-in").read()).isEqualTo(3);
    assertThat(run.accountingProblems()).isEmpty();
    assertThat(run.quarantined("events-in", Quarantine.SCHEMA_RULE_ID)
        + run.quarantined("events", Quarantine.SCHEMA_RULE_ID)).isEqualTo(2);
  }

  @Test
  void table_filter_readsOnlyMatchingRows() throws IOException {
    TableIdentifier id = newTable("raw");
    Table table = catalog.createTable(id, EVENTS);
    append(table, List.of(event(1, "PT", "1.00"), event(2, "ES", "2.00")));
    append(table, List.of(event(3, "PT", "3.00"), event(4, "FR", "4.00")));
    Schema idOnly = Schema.of(Field.required("id", FieldType.INTEGER));

    List<Row> rows = drain(IcebergInputPort.table(catalog, id, idOnly)
        .filter(Expressions.equal("country", "PT")).build().read(TestReadContext.of("raw")));

    assertThat(rows).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 3L);
  }

  @Test
  void table_snapshotAndAsOf_readTheTableAsItWas() throws IOException {
    TableIdentifier id = newTable("raw");
    Table table = catalog.createTable(id, EVENTS);
    long first = append(table, List.of(event(1, "PT", "1.00")));
    Instant firstAt = Instant.ofEpochMilli(table.snapshot(first).timestampMillis());
    append(table, List.of(event(2, "ES", "2.00")));

    List<Row> bySnapshot = drain(IcebergInputPort.table(catalog, id, EVENT).snapshot(first)
        .build().read(TestReadContext.of("raw")));
    List<Row> byTime = drain(IcebergInputPort.table(catalog, id, EVENT).asOf(firstAt)
        .build().read(TestReadContext.of("raw")));
    List<Row> current = drain(IcebergInputPort.table(catalog, id, EVENT).build()
        .read(TestReadContext.of("raw")));

    assertThat(bySnapshot).extracting(r -> r.get("id")).containsExactly(1L);
    assertThat(byTime).extracting(r -> r.get("id")).containsExactly(1L);
    assertThat(current).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L);
    assertThatThrownBy(() -> IcebergInputPort.table(catalog, id, EVENT)
        .asOf(firstAt.minusSeconds(3_600)).build().read(TestReadContext.of("raw")))
        .isInstanceOf(DataProductException.class)
        .hasMessageStartingWith("Input port '" + id.name() + "': Iceberg table " + id
            + " has no snapshot committed at or before " + firstAt.minusSeconds(3_600)
            + "; its oldest retained snapshot is from " + firstAt);
    assertThatThrownBy(() -> IcebergInputPort.table(catalog, id, EVENT).snapshot(42L).build()
        .read(TestReadContext.of("raw")))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("has no snapshot 42 (expired, or of another table?); its"
            + " snapshots are [" + first + ", ");
  }

  @Test
  void table_thatDoesNotExist_failsNamingTheCatalogAndTheTablesThere() throws IOException {
    TableIdentifier id = newTable("lonely");
    catalog.createTable(id, EVENTS);
    TableIdentifier missing = TableIdentifier.of("lonely", "nope");

    assertThatThrownBy(() -> IcebergInputPort.table(catalog, missing, EVENT).build()
        .read(TestReadContext.of("raw")))
        .isInstanceOf(DataProductException.class)
        .hasMessage("Input port 'nope': Iceberg table lonely.nope does not exist in catalog"
            + " 'lake'; tables in namespace lonely are [" + id.name() + "]");
  }

  @Test
  void table_ofAnotherShape_failsBeforeAnyRow_namingEveryProblem() throws IOException {
    TableIdentifier id = newTable("raw");
    Table table = catalog.createTable(id, EVENTS);
    append(table, List.of(event(1, "PT", "1.00")));
    Schema wrong = Schema.of(
        Field.required("id", FieldType.DATE),
        Field.required("day", FieldType.DATE),
        Field.optional("note", FieldType.STRING),
        Field.optional("country", FieldType.OBJECT));

    assertThatThrownBy(() -> IcebergInputPort.table(catalog, id, wrong).build()
        .read(TestReadContext.of("raw")))
        .isInstanceOf(DataProductException.class)
        .hasMessage("Input port '" + id.name() + "' does not match Iceberg table " + id
            + " (snapshot " + table.currentSnapshot().snapshotId() + ", columns [id, country,"
            + " amount]): column 'id' is long, field 'id' (date) reads date; required field"
            + " 'day' has no column");
    assertThatThrownBy(() -> IcebergInputPort.table(catalog, id, EVENT)
        .filter(Expressions.equal("nope", 1)).build().read(TestReadContext.of("raw")))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("the row filter").hasMessageContaining("nope");
  }

  @Test
  void table_withoutSnapshots_readsNoRows() {
    TableIdentifier id = newTable("raw");
    catalog.createTable(id, EVENTS);

    assertThat(drain(IcebergInputPort.table(catalog, id, EVENT).build()
        .read(TestReadContext.of("raw")))).isEmpty();
  }
}
