package dev.dataproduct.parquet;

import static dev.dataproduct.parquet.ParquetTesting.ALL;
import static dev.dataproduct.parquet.ParquetTesting.decode;
import static dev.dataproduct.parquet.ParquetTesting.encode;
import static dev.dataproduct.parquet.ParquetTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatTest {
  private final FileFormat parquet = ParquetFormats.parquet();
  @TempDir Path dir;

  @Test
  void everyLogicalType_roundTripsExactly() throws IOException {
    List<Row> rows = sample();

    List<Row> read = decode(parquet, ALL, encode(parquet, ALL, rows));

    assertThat(read).containsExactlyElementsOf(rows);
    assertThat(read.get(0).get("price")).isEqualTo(new BigDecimal("1234567890123456.7890"));
    assertThat(read.get(1).get("at")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
  }

  @Test
  void schema_usesExactParquetLogicalTypes() throws IOException {
    MessageType type = footer(encode(parquet, ALL, sample())).getFileMetaData().getSchema();

    assertThat(type.getType("id").toString()).isEqualTo("required int64 id");
    assertThat(type.getType("text").toString()).isEqualTo("optional binary text (STRING)");
    assertThat(type.getType("price").toString())
        .isEqualTo("optional fixed_len_byte_array(9) price (DECIMAL(20,4))");
    assertThat(type.getType("small").toString()).isEqualTo("optional int32 small (DECIMAL(9,2))");
    assertThat(type.getType("medium").toString())
        .isEqualTo("optional int64 medium (DECIMAL(18,6))");
    assertThat(type.getType("ratio").toString()).isEqualTo("optional double ratio");
    assertThat(type.getType("flag").toString()).isEqualTo("optional boolean flag");
    assertThat(type.getType("day").toString()).isEqualTo("optional int32 day (DATE)");
    assertThat(type.getType("at").toString())
        .isEqualTo("optional int64 at (TIMESTAMP(MICROS,true))");
    assertThat(type.getType("attrs").toString()).isEqualTo("optional binary attrs (JSON)");
    assertThat(type.getType("tags").toString()).isEqualTo("optional binary tags (JSON)");
  }

  @Test
  void defaults_zstdCompressionAndDictionaryEncoding() throws IOException {
    Schema s = Schema.of(Field.required("country", FieldType.STRING));
    List<Row> rows = java.util.stream.IntStream.range(0, 10_000)
        .mapToObj(i -> Row.of(s, "country-" + (i % 7))).collect(Collectors.toList());

    ParquetMetadata meta = footer(encode(parquet, s, rows));

    ColumnChunkMetaData column = meta.getBlocks().get(0).getColumns().get(0);
    assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
    assertThat(column.hasDictionaryPage()).isTrue();
    assertThat(decode(parquet, s, encode(parquet, s, rows))).containsExactlyElementsOf(rows);
  }

  @Test
  void builder_snappyAndSmallRowGroups_writesSeveralRowGroupsThatReadBack() throws IOException {
    FileFormat snappy = ParquetFormats.builder().compression(ParquetFormats.Compression.SNAPPY)
        .rowGroupBytes(64 * 1024).pageBytes(8 * 1024).build();
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.required("text", FieldType.STRING));
    List<Row> rows = java.util.stream.LongStream.range(0, 50_000)
        .mapToObj(i -> Row.of(s, i, "row " + i + " " + Long.toHexString(i * 0x9E3779B97F4A7C15L)))
        .collect(Collectors.toList());

    byte[] bytes = encode(snappy, s, rows);
    ParquetMetadata meta = footer(bytes);

    assertThat(meta.getBlocks()).hasSizeGreaterThan(3);
    assertThat(meta.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum())
        .isEqualTo(rows.size());
    assertThat(meta.getBlocks().get(0).getColumns().get(0).getCodec())
        .isEqualTo(CompressionCodecName.SNAPPY);
    assertThat(decode(snappy, s, bytes)).containsExactlyElementsOf(rows);
  }

  @Test
  void encoder_reportsBufferedBytes_andHandsEveryByteToTheStreamByFinish() throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileFormat.Encoder e = parquet.encoder(s, out);
    for (long i = 0; i < 1000; i++) {
      e.write(Row.of(s, i));
    }
    long buffered = e.bufferedBytes();
    int before = out.size();
    e.finish();

    assertThat(buffered).isPositive();
    assertThat(out.size()).isGreaterThan(before);
    assertThat(Arrays.copyOfRange(out.toByteArray(), out.size() - 4, out.size()))
        .isEqualTo("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void timestampWithNanoseconds_isRefusedNamingTheField_neverTruncated() throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("at", FieldType.TIMESTAMP));
    FileFormat.Encoder e = parquet.encoder(s, new ByteArrayOutputStream());

    assertThatThrownBy(() -> e.write(Row.of(s, 1L,
        Instant.parse("2026-03-01T12:34:56.123456789Z"))))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("field 'at'")
        .hasMessageContaining("microsecond")
        .hasMessageNotContaining("2026");
  }

  @Test
  void decimalBeyondDeclaredScaleOrPrecision_isRefused_neverRounded() throws IOException {
    Schema s = Schema.of(Field.optional("amount", FieldType.NUMBER).withDecimal(5, 2));
    FileFormat.Encoder e = parquet.encoder(s, new ByteArrayOutputStream());

    assertThatThrownBy(() -> e.write(Row.of(s, new BigDecimal("1.005"))))
        .isInstanceOf(DataProductException.class).hasMessageContaining("field 'amount'")
        .hasMessageContaining("scale 2");
    assertThatThrownBy(() -> e.write(Row.of(s, new BigDecimal("1234.5"))))
        .isInstanceOf(DataProductException.class).hasMessageContaining("precision 5");
  }

  @Test
  void numberWithoutScale_thatIsNotExactlyADouble_isRefused() throws IOException {
    Schema s = Schema.of(Field.optional("ratio", FieldType.NUMBER));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileFormat.Encoder e = parquet.encoder(s, out);

    assertThatThrownBy(() -> e.write(Row.of(s, new BigDecimal("3.14159265358979323846"))))
        .isInstanceOf(DataProductException.class).hasMessageContaining("field 'ratio'");
    e.write(Row.of(s, new BigDecimal("0.25")));
    e.finish();
    assertThat(decode(parquet, s, out.toByteArray())).containsExactly(Row.of(s, 0.25));
  }

  @Test
  void decoder_mapsColumnsByName_absentFieldsNull_extraColumnsSkipped() throws IOException {
    Schema written = Schema.of(Field.required("a", FieldType.INTEGER),
        Field.required("b", FieldType.STRING), Field.required("c", FieldType.BOOLEAN));
    Schema reader = Schema.of(Field.optional("c", FieldType.BOOLEAN),
        Field.optional("missing", FieldType.DATE), Field.optional("a", FieldType.INTEGER));
    byte[] bytes = encode(parquet, written, List.of(Row.of(written, 7L, "x", true)));

    assertThat(decode(parquet, reader, bytes)).containsExactly(Row.of(reader, true, null, 7L));
  }

  @Test
  void decoder_keepsAValueOfAnotherTypeAsItCame_forConformanceToQuarantine() throws IOException {
    Schema written = Schema.of(Field.required("v", FieldType.STRING));
    Schema reader = Schema.of(Field.required("v", FieldType.INTEGER));
    byte[] bytes = encode(parquet, written, List.of(Row.of(written, "not a number")));

    assertThat(decode(parquet, reader, bytes)).containsExactly(Row.of(reader, "not a number"));
  }

  @Test
  void notParquet_failsNamingTheSource_withoutQuotingTheBytes() {
    byte[] junk = "secret-value,1,2\n".repeat(10).getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decode(parquet, ALL, junk))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("file:test.parquet is not a readable Parquet file")
        .hasMessageNotContaining("secret")
        .hasNoCause();
  }

  @Test
  void decoder_deletesItsTemporaryCopyOnClose() throws IOException {
    byte[] bytes = encode(parquet, ALL, sample());
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = countSpools(tmp);
    FileFormat.Decoder d = parquet.decoder(ALL, new java.io.ByteArrayInputStream(bytes), "x");
    assertThat(countSpools(tmp)).isEqualTo(before + 1);
    assertThat(d.next()).isNotNull();
    d.close();
    assertThat(countSpools(tmp)).isEqualTo(before);
  }

  @Test
  void coreFactory_findsThisModuleOnTheClassPath() {
    assertThat(Formats.parquet().name()).isEqualTo("parquet");
    assertThat(Formats.parquet().extension()).isEqualTo(".parquet");
    assertThat(Formats.parquet().valueDomain()).isSameAs(ParquetFormat.DOMAIN);
    assertThat(Formats.byName("parquet")).hasValueSatisfying(f ->
        assertThat(f.name()).isEqualTo("parquet"));
    assertThat(Formats.byName("jsonl")).contains(Formats.jsonLines());
  }

  @Test
  void builder_refusesNonsense() {
    assertThatThrownBy(() -> ParquetFormats.builder().rowGroupBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowGroupBytes");
    assertThatThrownBy(() -> ParquetFormats.builder().rowGroupBytes(64 * 1024)
        .pageBytes(128 * 1024).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageBytes");
  }

  @Test
  void physicalType_isTheParquetColumnTypeTheEncoderWrites() {
    assertThat(parquet.physicalType(Field.required("id", FieldType.INTEGER))).contains("INT64");
    assertThat(parquet.physicalType(Field.required("name", FieldType.STRING)))
        .hasValueSatisfying(t -> assertThat(t).startsWith("BINARY").contains("STRING"));
    assertThat(parquet.physicalType(Field.required("amount", FieldType.NUMBER)
        .withDecimal(14, 2))).hasValueSatisfying(t -> assertThat(t).startsWith("INT64")
            .contains("DECIMAL").contains("14").contains("2"));
  }

  private static long countSpools(Path tmp) throws IOException {
    try (var files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("dataproduct-")
          && p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private ParquetMetadata footer(byte[] bytes) throws IOException {
    Path file = Files.write(dir.resolve("f-" + System.nanoTime() + ".parquet"), bytes);
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      return r.getFooter();
    }
  }
}
