package dev.dataproduct.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FormatsTest {
  static final Schema ALL = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("text", FieldType.STRING),
      Field.optional("price", FieldType.NUMBER).withDecimal(20, 4),
      Field.optional("ratio", FieldType.NUMBER),
      Field.optional("flag", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("attrs", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY));

  static List<Row> sample() {
    List<Row> rows = new ArrayList<>();
    rows.add(Row.of(ALL, 1L, "plain", new BigDecimal("1234567890123456.7890"), 0.1, true,
        LocalDate.of(2026, 2, 28), Instant.parse("2026-03-01T12:34:56.123456789Z"),
        Map.of("k", "v"), List.of("a", "b")));
    rows.add(Row.of(ALL, 2L, "ünïcødé € \uD83D\uDE00, \"quoted\",\nnew line\r\nCRLF\ttab",
        new BigDecimal("-0.0001"), -1.5e10, false, LocalDate.of(1, 1, 1),
        Instant.parse("1969-12-31T23:59:59.999Z"),
        Map.of("nested", Map.of("n", 42L), "list", List.of(1L, 2.5, "x")),
        List.of(Map.of("a", true))));
    rows.add(Row.of(ALL, 3L, null, null, null, null, null, null, null, null));
    rows.add(Row.of(ALL, 4L, "", new BigDecimal("0.0000"), new BigDecimal("3.14159265358979323846"),
        true, LocalDate.of(9999, 12, 31), Instant.parse("2000-01-01T00:00:00Z"), Map.of(),
        List.of()));
    rows.add(Row.of(ALL, Long.MAX_VALUE, " leading and trailing spaces ", new BigDecimal("1E+3")
        .setScale(4), Double.MIN_VALUE, false, LocalDate.of(2024, 2, 29),
        Instant.parse("+12345-01-01T00:00:00Z"), null, List.of("")));
    return rows;
  }

  static byte[] encode(FileFormat format, Schema schema, List<Row> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileFormat.Encoder e = format.encoder(schema, out);
    for (Row r : rows) {
      e.write(r);
    }
    e.finish();
    return out.toByteArray();
  }

  static List<Row> decode(FileFormat format, Schema schema, byte[] bytes) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (FileFormat.Decoder d = format.decoder(schema, new ByteArrayInputStream(bytes),
        "s3://bucket/file")) {
      for (Row r = d.next(); r != null; r = d.next()) {
        rows.add(r);
      }
    }
    return rows;
  }

  static FileFormat format(String name) {
    return Formats.byName(name).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jsonl", "csv"})
  void roundTrip_everyLogicalTypeNullsUnicodeAndEscapes_isExact(String name) throws IOException {
    List<Row> rows = sample();
    List<Row> back = decode(format(name), ALL, encode(format(name), ALL, rows));
    assertThat(back).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      for (int f = 0; f < ALL.size(); f++) {
        Object expected = rows.get(i).get(f);
        Object actual = back.get(i).get(f);
        String what = name + " row " + i + " field " + ALL.field(f).name();
        if (expected instanceof BigDecimal && ALL.field(f).scale().isPresent()) {
          assertThat(actual).as(what).isEqualTo(expected); // same scale, same digits
        } else {
          assertThat(actual).as(what).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void jsonLines_writesOneObjectPerLine_withIsoTimesAndPlainDecimals() throws IOException {
    Schema s = Schema.of(Field.required("at", FieldType.TIMESTAMP),
        Field.required("day", FieldType.DATE), Field.required("amount", FieldType.NUMBER)
            .withDecimal(10, 2), Field.optional("note", FieldType.STRING));
    byte[] bytes = encode(Formats.jsonLines(), s, List.of(
        Row.of(s, Instant.parse("2024-01-31T12:00:00.120Z"), LocalDate.of(2024, 1, 31),
            new BigDecimal("1E+3").setScale(2), "a\nb"),
        Row.of(s, Instant.parse("2024-01-31T12:00:00Z"), LocalDate.of(2024, 2, 1),
            new BigDecimal("0.10"), null)));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
        "{\"at\":\"2024-01-31T12:00:00.120Z\",\"day\":\"2024-01-31\",\"amount\":1000.00,"
            + "\"note\":\"a\\nb\"}\n"
            + "{\"at\":\"2024-01-31T12:00:00Z\",\"day\":\"2024-02-01\",\"amount\":0.10,"
            + "\"note\":null}\n");
  }

  @Test
  void csv_writesRfc4180_headerQuotingCrlfAndNullVersusEmpty() throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("text", FieldType.STRING), Field.optional("tags", FieldType.ARRAY));
    byte[] bytes = encode(Formats.csv(), s, List.of(
        Row.of(s, 1L, "say \"hi\", twice", List.of("a")),
        Row.of(s, 2L, "", null),
        Row.of(s, 3L, null, List.of()),
        Row.of(s, 4L, "line\nbreak", null)));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
        "id,text,tags\r\n"
            + "1,\"say \"\"hi\"\", twice\",\"[\"\"a\"\"]\"\r\n"
            + "2,\"\",\r\n"
            + "3,,[]\r\n"
            + "4,\"line\nbreak\",\r\n");
  }

  @Test
  void csv_read_matchesColumnsByHeader_acceptsLfAndBom_skipsUnknownColumns() throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("name", FieldType.STRING), Field.optional("day", FieldType.DATE));
    String csv = "\uFEFFextra,day,id,name\n" + "x,2024-01-31,7,Ann\n" + "y,,8,\"B, \"\"Bob\"\"\"\n";
    List<Row> rows = decode(Formats.csv(), s, csv.getBytes(StandardCharsets.UTF_8));
    assertThat(rows).containsExactly(
        Row.of(s, 7L, "Ann", LocalDate.of(2024, 1, 31)),
        Row.of(s, 8L, "B, \"Bob\"", null));
  }

  @Test
  void decode_valueOfWrongType_isKeptAsItCame_forConformanceToQuarantine() throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("day", FieldType.DATE), Field.optional("at", FieldType.TIMESTAMP),
        Field.optional("flag", FieldType.BOOLEAN));
    List<Row> json = decode(Formats.jsonLines(), s, ("{\"id\":\"seven\",\"day\":\"31.01.2024\","
        + "\"at\":1706702400000,\"flag\":\"yes\"}\n").getBytes(StandardCharsets.UTF_8));
    assertThat(json.get(0).toArray()).containsExactly("seven", "31.01.2024", 1706702400000L,
        "yes");
    List<Row> csv = decode(Formats.csv(), s, ("id,day,at,flag\n99999999999999999999,tomorrow,"
        + "noon,maybe\n").getBytes(StandardCharsets.UTF_8));
    assertThat(csv.get(0).toArray()).containsExactly(new BigInteger("99999999999999999999"),
        "tomorrow", "noon", "maybe");
  }

  @Test
  void jsonLines_malformedLine_failsNamingSourceAndLine_withoutQuotingTheData() {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("email", FieldType.STRING).withClassification(Classification.PII));
    byte[] bytes = ("{\"id\":1,\"email\":\"a@example.com\"}\n"
        + "{\"id\":2,\"email\":\"secret@example.com\" oops}\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> decode(Formats.jsonLines(), s, bytes))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://bucket/file line 2")
        .hasMessageContaining("malformed JSON")
        .hasMessageNotContaining("secret")
        .hasMessageNotContaining("oops")
        .hasNoCause()
        .isInstanceOfSatisfying(MalformedRecordException.class, e -> assertThat(
            e.record()).isEqualTo("{\"id\":2,\"email\":\"secret@example.com\" oops}"));
  }

  @Test
  void jsonLines_nonObjectLine_failsNamingLine() {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER));
    assertThatThrownBy(() -> decode(Formats.jsonLines(), s,
        "{\"id\":1}\n[1,2]\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("line 2").hasMessageContaining("expected a JSON object per line")
        .isInstanceOfSatisfying(MalformedRecordException.class,
            e -> assertThat(e.record()).isEqualTo("[1,2]"));
  }

  @Test
  void csv_unterminatedQuote_failsNamingLineOfTheRecord() {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("text", FieldType.STRING));
    assertThatThrownBy(() -> decode(Formats.csv(), s,
        "id,text\n1,ok\n2,\"never closed\n3,x\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://bucket/file line 3")
        .hasMessageContaining("not closed")
        .hasMessageNotContaining("never closed");
  }

  @Test
  void csv_wrongFieldCount_failsNamingLineAndCounts() {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("text", FieldType.STRING));
    assertThatThrownBy(() -> decode(Formats.csv(), s,
        "id,text\r\n1,a\r\n2,b,c\r\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("line 3: 3 fields, but the header has 2");
  }

  @Test
  void csv_duplicateHeader_fails() {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER));
    assertThatThrownBy(() -> decode(Formats.csv(), s,
        "id,id\n1,2\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DataProductException.class).hasMessageContaining("'id' twice");
  }

  @Test
  void jsonLines_encoderBuffersBytes_untilFinish() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileFormat.Encoder e = Formats.jsonLines().encoder(ALL, out);
    e.write(sample().get(0));
    assertThat(e.bufferedBytes() + out.size()).isGreaterThan(0);
    e.finish();
    assertThat(e.bufferedBytes()).isZero();
    assertThat(out.size()).isGreaterThan(100);
  }

  @Test
  void byName_knowsBuiltInFormats_only() {
    assertThat(Formats.byName("jsonl")).contains(Formats.jsonLines());
    assertThat(Formats.byName("csv")).contains(Formats.csv());
    assertThat(Formats.byName("parquet")).isEmpty();
    assertThat(Formats.jsonLines().extension()).isEqualTo(".jsonl");
    assertThat(Formats.csv().contentType()).startsWith("text/csv");
  }
}
