package dev.dataproduct.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesDecoderTest {
  private static final Schema S = Schema.of(Field.required("id", FieldType.INTEGER),
      Field.optional("name", FieldType.STRING));
  private static final String SRC = "s3://bucket/file.jsonl";

  /** Rows and malformed records in file order, calling next() again after each exception. */
  private static List<Object> readAll(FileFormat.Decoder d) throws IOException {
    return FormatTesting.rowsAndMalformed(d);
  }


  private static List<Object> readAll(byte[] bytes) throws IOException {
    try (FileFormat.Decoder d = Formats.jsonLines().decoder(S, new ByteArrayInputStream(bytes),
        SRC)) {
      return readAll(d);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A stream handing out at most {@code chunk} bytes per read. */
  private static InputStream trickle(byte[] bytes, int chunk) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static void assertMalformed(Object o, int line, String problem, String record) {
    assertThat(o).isInstanceOf(MalformedRecordException.class);
    MalformedRecordException e = (MalformedRecordException) o;
    assertThat(e.getMessage()).startsWith(SRC + " line " + line + ", column ")
        .contains(problem).doesNotContain("secret");
    assertThat(e.record()).isEqualTo(record);
    assertThat(e).hasNoCause();
  }

  @Test
  void mixedFile_skipsEachMalformedLine_andReadsTheOthers() throws IOException {
    String[] lines = {
        "{\"id\":1,\"name\":\"a\"}",
        "{\"id\":2,\"name\":\"secret1\"",
        "   \t",
        "[1,\"secret2\"]",
        "{\"id\":5}{\"id\":\"secret3\"}",
        "{\"id\":6} secret4",
        "\"secret5\"",
        "3",
        "{\"id\":9,\"extra\":{\"x\":[1,2]},\"name\":null}",
        "{",
        "  \"id\": 10, \"name\": \"secret6\"",
        "}",
        "",
        "{\"id\":14,\"name\":\"é€\uD83D\uDE00\"}",
        "{\"id\":15,\"name\":\"secret7\"} {",
    };
    List<Object> got = readAll(utf8(String.join("\n", lines) + "\n"));
    assertThat(got).hasSize(13);
    assertThat(got.get(0)).isEqualTo(Row.of(S, 1L, "a"));
    assertMalformed(got.get(1), 2, "unexpected end of input", lines[1]);
    assertMalformed(got.get(2), 4, "expected a JSON object per line, found an array", lines[3]);
    assertMalformed(got.get(3), 5, "found more after it", lines[4]);
    assertMalformed(got.get(4), 6, "malformed JSON", lines[5]);
    assertMalformed(got.get(5), 7, "found a string", lines[6]);
    assertMalformed(got.get(6), 8, "found a number", lines[7]);
    assertThat(got.get(7)).isEqualTo(Row.of(S, 9L, null));
    assertMalformed(got.get(8), 10, "unexpected end of input", lines[9]);
    assertMalformed(got.get(9), 11, "found a string", lines[10]);
    assertMalformed(got.get(10), 12, "malformed JSON", lines[11]);
    assertThat(got.get(11)).isEqualTo(Row.of(S, 14L, "é€\uD83D\uDE00"));
    assertMalformed(got.get(12), 15, "found more after it", lines[14]);
  }

  @Test
  void mixedFile_trickledInTinyReads_givesTheSameResult() throws IOException {
    String text = "{\"id\":1}\n{\"id\":2,secret}\r\n\r\n{\"id\":4,\"name\":\"ü\"}\n";
    for (int chunk : new int[] {1, 2, 3, 7}) {
      try (FileFormat.Decoder d = Formats.jsonLines().decoder(S, trickle(utf8(text), chunk),
          SRC)) {
        List<Object> got = readAll(d);
        assertThat(got).as("chunk " + chunk).hasSize(3);
        assertThat(got.get(0)).isEqualTo(Row.of(S, 1L, null));
        assertMalformed(got.get(1), 2, "malformed JSON", "{\"id\":2,secret}");
        assertThat(got.get(2)).isEqualTo(Row.of(S, 4L, "ü"));
      }
    }
  }

  @Test
  void crlf_bom_andLastLineWithoutNewline() throws IOException {
    byte[] text = utf8("\uFEFF{\"id\":1,\"name\":\"x\"}\r\n{\"id\":2,\"secret\r\n{\"id\":3}");
    assertThat(text[0]).isEqualTo((byte) 0xEF);
    List<Object> got = readAll(text);
    assertThat(got).hasSize(3);
    assertThat(got.get(0)).isEqualTo(Row.of(S, 1L, "x"));
    assertMalformed(got.get(1), 2, "unexpected end of input", "{\"id\":2,\"secret");
    assertThat(got.get(2)).isEqualTo(Row.of(S, 3L, null));
    // the BOM also when the stream hands it out one byte at a time
    try (FileFormat.Decoder d = Formats.jsonLines().decoder(S, trickle(text, 1), SRC)) {
      assertThat(readAll(d)).hasSize(3).element(0).isEqualTo(Row.of(S, 1L, "x"));
    }
  }

  @Test
  void malformedLastLineWithoutNewline_isReported_thenEndOfFile() throws IOException {
    List<Object> got = readAll(utf8("{\"id\":1}\n{\"id\":secret"));
    assertThat(got).hasSize(2);
    assertMalformed(got.get(1), 2, "malformed JSON", "{\"id\":secret");
  }

  @Test
  void lineLongerThanTheReadBuffer_withUnicodeSplitAcrossReads_decodesExactly()
      throws IOException {
    // the first line puts a 3-byte and a 4-byte character across the 64 KiB read boundary
    String head = "{\"id\":1,\"name\":\"";
    StringBuilder name = new StringBuilder();
    name.append("a".repeat(65536 - head.length() - 1)).append('€'); // bytes 65535..65537
    name.append("b".repeat(65536 * 2 - 2 - (head.length() + name.length() + 2)))
        .append("\uD83D\uDE00"); // 4 bytes across the second boundary
    name.append("ü".repeat(1000));
    String first = head + name + "\"}";
    String bad = "{\"id\":2,\"name\":\"" + "é".repeat(40_000) + "\" secret}";
    String text = first + "\n" + bad + "\n" + "{\"id\":3,\"name\":\"€\"}\n";
    byte[] bytes = utf8(text);
    assertThat(utf8(first).length).isGreaterThan(2 * 65536);
    List<Object> got = readAll(bytes);
    assertThat(got).hasSize(3);
    assertThat(got.get(0)).isEqualTo(Row.of(S, 1L, name.toString()));
    assertMalformed(got.get(1), 2, "malformed JSON", bad);
    assertThat(got.get(2)).isEqualTo(Row.of(S, 3L, "€"));
  }

  @Test
  void validFile_decodesLikeEncodedRows_nestedValuesAndUnknownFieldsIncluded()
      throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("attrs", FieldType.OBJECT), Field.optional("ratio", FieldType.NUMBER));
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 5000; i++) {
      rows.add(Row.of(s, i, Map.of("k", "v" + i), i % 3 == 0 ? null : i / 7.0));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileFormat.Encoder e = Formats.jsonLines().encoder(s, out);
    for (Row r : rows) {
      e.write(r);
    }
    e.finish();
    List<Row> back = new ArrayList<>();
    try (FileFormat.Decoder d = Formats.jsonLines().decoder(s,
        new ByteArrayInputStream(out.toByteArray()), SRC)) {
      for (Row r = d.next(); r != null; r = d.next()) {
        back.add(r);
      }
    }
    assertThat(out.size()).isGreaterThan(3 * 65536);
    assertThat(back).isEqualTo(rows);
  }

  /** A line of {@code {"id":1,"name":"xxx...x"}} of {@code n} bytes, generated as read. */
  private static InputStream generated(String before, long n, String after) {
    byte[] pre = utf8(before + "{\"id\":1,\"name\":\"");
    byte[] post = utf8("\"}\n" + after);
    long total = pre.length + n + post.length;
    return new InputStream() {
      long at;

      @Override
      public int read() {
        if (at >= total) {
          return -1;
        }
        long i = at++;
        if (i < pre.length) {
          return pre[(int) i];
        }
        i -= pre.length;
        return i < n ? 'x' : post[(int) (i - n)];
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= total) {
          return -1;
        }
        int k = 0;
        for (; k < len && at < total; k++) {
          b[off + k] = (byte) read();
        }
        return k;
      }
    };
  }

  @Test
  void lineOverTheCap_isSkippedWithoutBufferingIt_andTheNextLineIsRead() throws IOException {
    int cap = 4096;
    InputStream in = generated("{\"id\":0}\n", 8L * 1024 * 1024, "{\"id\":3,\"name\":\"ok\"}\n");
    JsonLinesDecoder d = new JsonLinesDecoder(S, in, SRC, cap);
    assertThat(d.next()).isEqualTo(Row.of(S, 0L, null));
    assertThatThrownBy(d::next).isInstanceOfSatisfying(MalformedRecordException.class, e -> {
      assertThat(e.getMessage()).startsWith(SRC + " line 2, column ")
          .endsWith("the line is longer than 4096 bytes");
      assertThat(e.record()).startsWith("{\"id\":1,\"name\":\"xxxx").hasSize(cap);
    });
    assertThat(d.lineBufferCapacity()).isLessThanOrEqualTo(cap);
    assertThat(d.next()).isEqualTo(Row.of(S, 3L, "ok"));
    assertThat(d.next()).isNull();
  }

  @Test
  void lineOverTheCap_withinOneRead_andAtTheEndWithoutNewline() throws IOException {
    String longLine = "{\"id\":1,\"name\":\"" + "é".repeat(100) + "\"}";
    byte[] bytes = utf8("{\"id\":0}\n" + longLine + "\n{\"id\":3}\n" + longLine);
    JsonLinesDecoder d =
        new JsonLinesDecoder(S, new ByteArrayInputStream(bytes), SRC, 100);
    List<Object> got = readAll(d);
    assertThat(got).hasSize(4);
    assertThat(got.get(0)).isEqualTo(Row.of(S, 0L, null));
    assertThat(got.get(2)).isEqualTo(Row.of(S, 3L, null));
    for (int i : new int[] {1, 3}) {
      MalformedRecordException e = (MalformedRecordException) got.get(i);
      assertThat(e.getMessage()).startsWith(SRC + " line " + (i == 1 ? 2 : 4) + ", column ")
          .endsWith("longer than 100 bytes");
      // the first 100 bytes, without the character cut in half at the cap
      assertThat(e.record()).isEqualTo(longLine.substring(0, 16 + 42));
    }
  }

  @Test
  void blankLinesOnly_andEmptyFile_haveNoRows() throws IOException {
    assertThat(readAll(new byte[0])).isEmpty();
    assertThat(readAll(utf8("\n  \r\n\t\n"))).isEmpty();
    assertThat(readAll(utf8("\uFEFF"))).isEmpty();
  }
}
