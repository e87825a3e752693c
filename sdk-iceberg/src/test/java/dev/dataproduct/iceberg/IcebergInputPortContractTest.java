package dev.dataproduct.iceberg;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.testing.InputPortContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The input port kit on raw Iceberg tables ({@code IcebergInputPort.table}), JDBC catalog. */
class IcebergInputPortContractTest extends InputPortContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  @BeforeAll
  static void startCatalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  @Override
  protected InputPort newInput(String name, Schema schema, List<Row> rows) {
    TableIdentifier id = TableIdentifier.of("kit", "t" + TABLES.incrementAndGet());
    Table table = catalog.createTable(id, IcebergSchemas.create(schema));
    if (!rows.isEmpty()) {
      String path = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
      try {
        DataWriter<org.apache.iceberg.StructLike> writer = Parquet.writeData(table.io().newOutputFile(path))
            .schema(table.schema())
            .createWriterFunc(org.apache.iceberg.data.parquet.InternalWriter::createWriter)
            .withSpec(PartitionSpec.unpartitioned())
            .overwrite()
            .build();
        try (writer) {
          RecordMaker records = new RecordMaker(schema, table.schema(), name, false);
          for (Row r : rows) {
            writer.write(records.struct(r));
          }
        }
        table.newAppend().appendFile(writer.toDataFile()).commit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return IcebergInputPort.table(catalog, id, schema).name(name).build();
  }

  @Override
  protected String expectedType() {
    return "iceberg";
  }
}
