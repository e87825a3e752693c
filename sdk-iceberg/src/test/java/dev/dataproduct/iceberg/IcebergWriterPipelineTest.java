package dev.dataproduct.iceberg;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.TestWriteContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The port's writer thread (the run's checks and the Parquet encoding run at once): many batches
 * arrive in order in one snapshot; a run failing after batches were handed over leaves no data
 * file and no thread behind; a value the writer refuses fails the run on the caller's thread.
 */
class IcebergWriterPipelineTest {
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  @BeforeAll
  static void catalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Row.of(SCHEMA, (long) i, new BigDecimal(i + ".25")));
    }
    return rows;
  }

  static DataProduct product(String table, dev.dataproduct.Transform transform, int n) {
    OutputPort port = IcebergOutputPort.builder("payments-table").catalog(catalog)
        .table(TableIdentifier.of("finance", table))
        .contract(DataContract.builder("payments").version("1.0.0").schema(SCHEMA).build())
        .build();
    return DataProduct.builder("payments").version("1.0.0").domain("finance")
        .owner(Owner.business("ana@corp.example"), Owner.technical("fin-eng"))
        .input(InMemoryInputPort.of("in", SCHEMA, rows(n)))
        .transform(transform)
        .output(port)
        .batchSize(100)
        .telemetry(dev.dataproduct.telemetry.Telemetry.noop())
        .build();
  }

  static List<Thread> writerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("dataproduct-iceberg-") && t.isAlive()).toList();
  }

  static List<Path> parquetFiles(String table) throws IOException {
    try (Stream<Path> s = Files.walk(warehouse)) {
      return s.filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> p.toString().contains("/" + table + "/")).toList();
    }
  }

  @Test
  void manyBatches_arriveInOrderInOneSnapshot_andTheWriterThreadEnds() throws IOException {
    RunResult run = product("ordered", Transforms.identity(), 20_000).run();

    assertThat(run).succeeded().wrote("payments-table", 20_000);
    Table table = catalog.loadTable(TableIdentifier.of("finance", "ordered"));
    assertThat(table.snapshots()).hasSize(1);
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(r -> ids.add((Long) r.getField("id")));
    }
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 20_000; i++) {
      expected.add(i);
    }
    assertThat(ids).isEqualTo(expected);
    assertThat(writerThreads()).isEmpty();
    assertThat(parquetFiles("ordered")).isNotEmpty();
  }

  @Test
  void aRunFailingAfterBatchesWereHandedOver_leavesNoDataFileAndNoThread() throws IOException {
    RunResult run = product("failed", Transforms.map(r -> {
      if ((Long) r.get("id") == 15_000L) {
        throw new IllegalStateException("transform failed at a late row");
      }
      return r;
    }), 20_000).run();

    assertThat(run).failed();
    assertThat(run.rowsWritten()).isZero();
    assertThat(writerThreads()).isEmpty();
    assertThat(parquetFiles("failed")).isEmpty();
    if (catalog.tableExists(TableIdentifier.of("finance", "failed"))) {
      assertThat(catalog.loadTable(TableIdentifier.of("finance", "failed")).currentSnapshot())
          .isNull();
    }
  }

  @Test
  void aValueTheWriterRefuses_failsTheCallersWrite_namingTheFieldNotTheValue_andAbortLeavesNoFile()
      throws IOException {
    Schema events = Schema.of(
        Field.required("id", FieldType.INTEGER).asPrimaryKey(),
        Field.required("t", FieldType.TIMESTAMP));
    OutputPort port = IcebergOutputPort.builder("events-table").catalog(catalog)
        .table(TableIdentifier.of("finance", "refused"))
        .contract(DataContract.builder("events").version("1.0.0").schema(events).build())
        .build();
    PublicationStore store = PortStorage.store(port);
    PublicationWriter writer = store.open(TestWriteContext.of("events-table", port.contract()));
    Instant micros = Instant.parse("2026-12-02T10:00:00.123456Z");
    writer.write(List.of(Row.of(events, 1L, micros)));
    // past the core's domain check (a store's own last line): a fraction of a microsecond
    List<Row> refused = List.of(Row.of(events, 2L, micros.plusNanos(789)));

    assertThatThrownBy(() -> writer.write(refused))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("field 't' holds a timestamp with a fraction of a microsecond")
        .hasMessageNotContaining("123456789").hasMessageNotContaining("10:00");
    writer.abort();

    assertThat(writerThreads()).isEmpty();
    assertThat(parquetFiles("refused")).isEmpty();
  }
}
