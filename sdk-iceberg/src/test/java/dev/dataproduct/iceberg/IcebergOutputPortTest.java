package dev.dataproduct.iceberg;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the Iceberg port promises beyond the kit, checked with Iceberg's own reader. */
class IcebergOutputPortTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  static final Schema V1 = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("amount", FieldType.NUMBER).withDecimal(10, 2));
  static final Schema V1_1 = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("amount", FieldType.NUMBER).withDecimal(10, 2),
      Field.optional("segment", FieldType.STRING));

  @BeforeAll
  static void catalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  static DataContract contract(String version, Schema schema) {
    return DataContract.builder("payments").version(version).schema(schema).build();
  }

  static DataProduct product(OutputPort port, Schema schema, List<Row> rows) {
    return DataProduct.builder("payments").version("1.0.0").domain("finance")
        .owner(Owner.business("ana@corp.example"), Owner.technical("fin-eng"))
        .input(InMemoryInputPort.of("in", schema, rows))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(dp.telemetry())
        .build();
  }

  static List<Row> rows(Schema schema, int from, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      Object[] v = new Object[schema.size()];
      v[0] = (long) i;
      v[1] = new BigDecimal(i + ".25");
      if (schema.size() > 2) {
        v[2] = "s" + i;
      }
      rows.add(Row.of(schema, v));
    }
    return rows;
  }

  static IcebergOutputPort.Builder port(String table) {
    return IcebergOutputPort.builder("payments-table").catalog(catalog)
        .table(TableIdentifier.of("finance", table));
  }

  static List<Record> icebergRows(Table table) throws IOException {
    table.refresh();
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(out::add);
    }
    return out;
  }

  static List<Row> read(OutputPort port, ReadOptions options) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = port.read(Principal.of("ana").withRoles("analyst"), options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  @Test
  void publication_isOneSnapshot_readByIcebergsOwnReader_withSummary() throws IOException {
    OutputPort port = port("appended").contract(contract("1.0.0", V1)).build();
    DataProduct product = product(port, V1, rows(V1, 1, 3));

    RunResult run = product.run();

    assertThat(run).succeeded().wrote("payments-table", 3);
    Table table = catalog.loadTable(TableIdentifier.of("finance", "appended"));
    assertThat(table.snapshots()).hasSize(1);
    var summary = table.currentSnapshot().summary();
    assertThat(summary).containsEntry(Summary.RUN_ID, run.runId())
        .containsEntry(Summary.ROWS, "3").containsEntry(Summary.CONTRACT_VERSION, "1.0.0");
    assertThat(run.publication("payments-table").orElseThrow().id())
        .isEqualTo(table.currentSnapshot().sequenceNumber());
    List<Record> records = icebergRows(table);
    assertThat(records).extracting(r -> r.getField("amount"))
        .containsExactlyInAnyOrder(new BigDecimal("1.25"), new BigDecimal("2.25"),
            new BigDecimal("3.25"));
    assertThat(table.schema().findField("amount").type().toString()).isEqualTo("decimal(10, 2)");
  }

  @Test
  void aPublicationBeyondTheTargetFileSize_rollsOverIntoSeveralDataFiles() throws IOException {
    OutputPort port = port("rolled").targetFileSize(1024 * 1024)
        .contract(contract("1.1.0", V1_1)).build();
    List<Row> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(5);
    for (long i = 0; i < 60_000; i++) { // about 3 MB of Parquet: random text barely compresses
      rows.add(Row.of(V1_1, i, BigDecimal.valueOf(i, 2),
          new java.util.UUID(random.nextLong(), random.nextLong()).toString()));
    }

    assertThat(product(port, V1_1, rows).run()).succeeded().wrote("payments-table", 60_000);

    Table table = catalog.loadTable(TableIdentifier.of("finance", "rolled"));
    List<org.apache.iceberg.DataFile> files = new ArrayList<>();
    table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
    assertThat(files).as("data files of the one snapshot").hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(f -> assertThat(f.fileSizeInBytes()).isLessThan(2L * 1024 * 1024));
    assertThat(files.stream().mapToLong(org.apache.iceberg.DataFile::recordCount).sum())
        .isEqualTo(60_000);
    assertThat(icebergRows(table)).extracting(r -> r.getField("id")).doesNotHaveDuplicates()
        .hasSize(60_000);
  }

  @Test
  void compatibleContractChange_evolvesTheTableInThePublicationsCommit() throws IOException {
    OutputPort v1 = port("evolving").contract(contract("1.0.0", V1)).build();
    product(v1, V1, rows(V1, 1, 2)).run().orThrow();
    OutputPort v11 = port("evolving").contract(contract("1.1.0", V1_1)).build();
    DataProduct evolved = product(v11, V1_1, rows(V1_1, 10, 2));

    assertThat(evolved.run()).succeeded();

    Table table = catalog.loadTable(TableIdentifier.of("finance", "evolving"));
    assertThat(table.schema().findField("segment")).isNotNull();
    assertThat(table.snapshots()).as("schema change and data in one commit").hasSize(2);
    assertThat(icebergRows(table)).hasSize(4)
        .anySatisfy(r -> assertThat(r.getField("segment")).isEqualTo("s10"));
    List<Publication> pubs = evolved.output("payments-table").publications();
    assertThat(pubs).hasSize(2);
    assertThat(read(evolved.output("payments-table"), ReadOptions.publication(pubs.get(0).id())))
        .extracting(r -> r.getLong("id")).containsExactlyInAnyOrder(1L, 2L);
    assertThat(dev.dataproduct.spi.PortStorage.store(v11).contractOf(pubs.get(0)))
        .hasValueSatisfying(c ->
        assertThat(c.version().toString()).isEqualTo("1.0.0"));
  }

  @Test
  void breakingChangeUnderTheSameMajor_isRefusedByTheGate() {
    OutputPort v1 = port("gated").contract(contract("1.0.0", V1_1)).build();
    product(v1, V1_1, rows(V1_1, 1, 2)).run().orThrow();
    OutputPort removed = port("gated").contract(contract("1.1.0", V1)).build();

    RunResult run = product(removed, V1, rows(V1, 5, 1)).run();

    assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e)
        .isInstanceOf(dev.dataproduct.IncompatibleContractException.class)
        .hasMessageContaining("segment"));
  }

  @Test
  void overwrite_replacesTheTable_oldPublicationsStayReadableByTimeTravel() throws IOException {
    OutputPort port = port("overwritten").mode(IcebergOutputPort.Mode.OVERWRITE)
        .contract(contract("1.0.0", V1)).build();
    DataProduct first = product(port, V1, rows(V1, 1, 3));
    first.run().orThrow();
    product(port, V1, rows(V1, 100, 2)).run().orThrow();

    Table table = catalog.loadTable(TableIdentifier.of("finance", "overwritten"));
    assertThat(icebergRows(table)).extracting(r -> r.getField("id"))
        .containsExactlyInAnyOrder(100L, 101L);
    List<Publication> pubs = first.output("payments-table").publications();
    assertThat(pubs).hasSize(2);
    assertThat(read(first.output("payments-table"), ReadOptions.publication(pubs.get(0).id())))
        .extracting(r -> r.getLong("id")).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void retainLast_expiresOldSnapshotsAndTheirFiles() throws IOException {
    OutputPort port = port("retained").mode(IcebergOutputPort.Mode.OVERWRITE).retainLast(2)
        .contract(contract("1.0.0", V1)).build();
    DataProduct product = product(port, V1, rows(V1, 1, 2));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(product.run().orThrow().runId());
    }
    Table table = catalog.loadTable(TableIdentifier.of("finance", "retained"));

    assertThat(product.output("payments-table").publications()).hasSize(2)
        .extracting(Publication::runId).containsExactly(runs.get(2), runs.get(3));
    // the first publication's file is gone; the second's stays while snapshot 3, which replaced
    // it, is retained (Iceberg removes a file when the snapshot that deleted it expires)
    List<String> files = parquetFiles(Path.of(java.net.URI.create(table.location()))).stream()
        .map(Path::toString).toList();
    assertThat(files).hasSize(3).noneMatch(f -> f.contains(runs.get(0)));
  }

  @Test
  void failedRun_leavesNoSnapshotAndNoDataFile() throws IOException {
    OutputPort port = port("failing").contract(contract("1.0.0", V1)).build();
    product(port, V1, rows(V1, 1, 2)).run().orThrow();
    Table table = catalog.loadTable(TableIdentifier.of("finance", "failing"));
    long files = parquetFiles(Path.of(java.net.URI.create(table.location()))).size();

    DataProduct failing = DataProduct.builder("payments").version("1.0.0").domain("finance")
        .owner(Owner.business("ana@corp.example"), Owner.technical("fin-eng"))
        .input(InMemoryInputPort.generated("in", V1, 5_000, i -> rows(V1, (int) i, 1).get(0)))
        .transform(ctx -> {
          int seen = 0;
          for (List<Row> batch : ctx.batches("in")) {
            batch.forEach(r -> ctx.emit("payments-table", r));
            seen += batch.size();
            if (seen >= 3_000) {
              throw new IllegalStateException("transform fails after writing rows");
            }
          }
        })
        .output(port)
        .policy(AccessPolicy.allow("analyst"))
        .build();

    assertThat(failing.run().outcome()).isEqualTo(RunOutcome.FAILED);
    table.refresh();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(parquetFiles(Path.of(java.net.URI.create(table.location())))).hasSize((int) files);
  }

  @Test
  void rejectedRows_landInTheSiblingQuarantineTable() throws IOException {
    DataContract strict = DataContract.builder("payments").version("1.0.0").schema(V1)
        .rule(dev.dataproduct.policy.Rules.range("amount", BigDecimal.ZERO, null).id("positive"))
        .build();
    OutputPort port = port("checked").contract(strict).build();
    List<Row> in = new ArrayList<>(rows(V1, 1, 2));
    in.add(Row.of(V1, 3L, new BigDecimal("-1.00")));

    assertThat(product(port, V1, in).run()).succeeded().quarantined("payments-table", 1, "positive");

    Table quarantine = catalog.loadTable(TableIdentifier.of("finance", "checked_quarantine"));
    assertThat(icebergRows(quarantine)).singleElement()
        .satisfies(r -> assertThat(r.getField("rule_id")).isEqualTo("positive"));
  }

  @Test
  void lineageAndContractDocument_nameTheTableByLocationAndIdentifier_withIcebergTypes() {
    OutputPort port = port("described").contract(contract("1.0.0", V1)).build();
    PublicationStore store = PortStorage.store(port);
    // before a publication created the table: where the catalog will put it (a run's START
    // event names the dataset its COMPLETE event names), and nothing is created by asking
    LineageDataset planned = store.lineageDataset().orElseThrow();
    assertThat(catalog.tableExists(TableIdentifier.of("finance", "described"))).isFalse();
    assertThat(DataContracts.fromYaml(port.contractDocument()).physical().orElseThrow()
        .columnTypes()).containsEntry("id", "long");

    assertThat(product(port, V1, rows(V1, 1, 1)).run()).succeeded();

    Table table = catalog.loadTable(TableIdentifier.of("finance", "described"));
    LineageDataset d = store.lineageDataset().orElseThrow();
    assertThat(d).isEqualTo(planned);
    assertThat(d.namespace()).isEqualTo("file");
    assertThat(d.name()).startsWith("/").endsWith("/finance/described");
    assertThat(table.location()).endsWith(d.name());
    PhysicalSchema physical = DataContracts.fromYaml(port.contractDocument()).physical()
        .orElseThrow();
    assertThat(physical.name()).contains("finance.described");
    assertThat(physical.type()).contains("table");
    assertThat(physical.columnTypes()).containsEntry("id", "long")
        .containsEntry("amount", "decimal(10, 2)");
  }

  private static List<Path> parquetFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }
}
