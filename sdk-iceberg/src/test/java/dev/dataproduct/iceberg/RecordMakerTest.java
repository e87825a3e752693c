package dev.dataproduct.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.Files;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordMaker#struct} reuses one struct row after row (the Spark part writer's path): text
 * of every plane, repeated (dictionary-encoded) and mostly distinct, reads back as written
 * whatever came after it.
 */
class RecordMakerTest {
  private static final String[] PIECES = {"a", "orders", "EUR", "é", "✓", "漢字", "\uD83D\uDE00",
      "\u007F", "\u0080", "ÿ", " ", "customer-4711"};

  @TempDir Path dir;

  @Test
  void textWrittenThroughTheReusedStruct_readsBackExactly() throws IOException {
    dev.dataproduct.Schema contract = dev.dataproduct.Schema.of(
        Field.required("id", FieldType.INTEGER), Field.optional("few", FieldType.STRING),
        Field.optional("many", FieldType.STRING));
    Schema table = IcebergSchemas.create(contract);
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 20_000; id++) {
      // "few": a handful of values, repeated (dictionary-encoded); "many": mostly distinct
      rows.add(Row.of(contract, id, random.nextInt(10) == 0 ? null : text(new Random(
          random.nextInt(8)), 3), text(random, 1 + random.nextInt(6))));
    }
    File file = dir.resolve("reused.parquet").toFile();
    RecordMaker records = new RecordMaker(contract, table, "out", false);
    DataWriter<StructLike> writer = Parquet.writeData(Files.localOutput(file))
        .schema(table)
        .createWriterFunc(InternalWriter::createWriter)
        .withSpec(PartitionSpec.unpartitioned())
        .overwrite()
        .build();
    try (writer) {
      for (Row r : rows) {
        writer.write(records.struct(r));
      }
    }

    List<List<Object>> back = new ArrayList<>();
    try (CloseableIterable<Record> read = Parquet.read(Files.localInput(file)).project(table)
        .createReaderFunc(s -> GenericParquetReaders.buildReader(table, s)).build()) {
      for (Record r : read) {
        back.add(Arrays.asList(r.get(0), r.get(1), r.get(2)));
      }
    }
    List<List<Object>> sent = rows.stream()
        .map(r -> Arrays.asList(r.get(0), r.get(1), r.get(2))).toList();
    assertThat(back).isEqualTo(sent);
  }

  private static String text(Random random, int pieces) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }
}
