package dev.dataproduct.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV records the decoder cannot read as rows, and where it reads on. */
class CsvMalformedRecordsTest {
  private static final Schema S = Schema.of(Field.required("id", FieldType.INTEGER),
      Field.optional("text", FieldType.STRING));

  /** Rows and malformed records of a file, in order: a row, or the exception. */
  private static List<Object> readAll(String csv) throws IOException {
    return FormatTesting.rowsAndMalformed(Formats.csv().decoder(S,
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "s3://b/f.csv"));
  }

  @Test
  void wrongFieldCount_isOneMalformedRecord_andTheNextRecordIsRead() throws IOException {
    List<Object> read = readAll("id,text\r\n1,a\r\n2,\"b, \"\"B\"\"\",extra\r\n3\r\n4,d\r\n");

    assertThat(read).hasSize(4);
    assertThat(read.get(0)).isEqualTo(Row.of(S, 1L, "a"));
    MalformedRecordException tooMany = (MalformedRecordException) read.get(1);
    assertThat(tooMany).hasMessage("s3://b/f.csv line 3: 3 fields, but the header has 2");
    assertThat(tooMany.record()).isEqualTo("2,\"b, \"\"B\"\"\",extra"); // as CSV, quotes kept
    MalformedRecordException tooFew = (MalformedRecordException) read.get(2);
    assertThat(tooFew).hasMessage("s3://b/f.csv line 4: 1 fields, but the header has 2");
    assertThat(tooFew.record()).isEqualTo("3");
    assertThat(read.get(3)).isEqualTo(Row.of(S, 4L, "d"));
  }

  @Test
  void textAfterAClosingQuote_skipsTheRestOfTheLine_andReadsOn() throws IOException {
    List<Object> read = readAll("id,text\n1,\"secret\"leak,x\n2,\"multi\nline\"\n");

    assertThat(read).hasSize(2);
    MalformedRecordException e = (MalformedRecordException) read.get(0);
    assertThat(e.getMessage()).isEqualTo("s3://b/f.csv line 2: unexpected character after the"
        + " closing quote of field 2; quotes inside a field must be doubled")
        .doesNotContain("secret").doesNotContain("leak");
    assertThat(e.record()).isEqualTo("1,\"secret\"leak,x");
    // the line count stays right after the skipped line, also across a multi-line field
    assertThat(read.get(1)).isEqualTo(Row.of(S, 2L, "multi\nline"));
  }

  @Test
  void malformedRecordAtTheEndWithoutLineBreak_isReported_thenTheFileEnds() throws IOException {
    List<Object> read = readAll("id,text\n1,a\n2,\"b\"c");

    assertThat(read).hasSize(2);
    assertThat(((MalformedRecordException) read.get(1)).record()).isEqualTo("2,\"b\"c");
  }

  @Test
  void unterminatedQuote_isNotRecoverable_andFailsAsBefore() {
    assertThatThrownBy(() -> readAll("id,text\n1,\"never closed\n2,x\n"))
        .isInstanceOf(DataProductException.class)
        .isNotInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("line 2").hasMessageContaining("not closed");
  }

  @Test
  void longRecord_isCutForTheQuarantine() throws IOException {
    String big = "x".repeat(MalformedRecordException.MAX_RECORD_CHARS + 100);
    List<Object> read = readAll("id,text\n1,\"a\"" + big + "\n2,b\n");

    MalformedRecordException e = (MalformedRecordException) read.get(0);
    assertThat(e.record()).hasSize(MalformedRecordException.MAX_RECORD_CHARS)
        .startsWith("1,\"a\"x");
    assertThat(read.get(1)).isEqualTo(Row.of(S, 2L, "b"));
  }
}
