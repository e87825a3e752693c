package dev.dataproduct.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads JSON Lines one line at a time: the input is split on {@code \n} (a {@code \r} before
 * it belongs to the line ending), and each line that is not blank is parsed on its own, so a
 * malformed line is reported as a {@link MalformedRecordException} and the next call
 * goes on with the following line. A line is malformed when it is not valid JSON, when its value
 * is not an object, when anything but whitespace follows the object, or when it is longer than
 * the line cap. An object pretty-printed over several lines is not JSON Lines: each of its lines
 * is malformed. The input is UTF-8; a byte order mark at its start is skipped.
 *
 * <p>For speed, the lines in the read buffer are parsed by one parser over the buffer, and each
 * object is checked to start and end on its line. A line failing that check or that parse is
 * parsed again on its own, which decides the row or the exception, so the result is the same as
 * parsing every line on its own.
 */
final class JsonLinesDecoder implements FileFormat.Decoder {
  /** The longest line read, in bytes before its {@code \n}; a longer one is skipped. */
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;
  /** Enough bytes for {@link MalformedRecordException#MAX_RECORD_CHARS} characters of UTF-8. */
  private static final int RECORD_BYTES = 4 * MalformedRecordException.MAX_RECORD_CHARS;
  private static final int READ_BUFFER = 64 * 1024;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private final InputStream in;
  private final Schema schema;
  private final FieldType[] types;
  private final boolean[] hasScale;
  private final Map<String, Integer> index;
  private final String source;
  private final int maxLineBytes;
  private final byte[] buf = new byte[READ_BUFFER];
  private int pos;
  private int limit;
  private boolean started;
  private boolean eof;
  /** A line spanning reads, accumulated; at most {@link #maxLineBytes} long. */
  private byte[] line = new byte[0];
  private int lineLen;
  private long lineNr;
  /** The current line: bytes {@link #start} to {@link #end} of {@link #data}, no ending. */
  private byte[] data;
  private int start;
  private int end;
  private JsonParser p;
  /** A parser over whole lines of {@link #buf}, from {@link #blockBase}; null when none. */
  private JsonParser block;
  private int blockBase;

  JsonLinesDecoder(Schema schema, InputStream in, String source) {
    this(schema, in, source, MAX_LINE_BYTES);
  }

  /** A decoder skipping lines longer than {@code maxLineBytes} (bytes before the newline). */
  JsonLinesDecoder(Schema schema, InputStream in, String source, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.in = in;
    this.schema = schema;
    this.source = source;
    this.maxLineBytes = maxLineBytes;
    int n = schema.size();
    types = new FieldType[n];
    hasScale = new boolean[n];
    index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      Field f = schema.field(i);
      types[i] = f.type();
      hasScale[i] = f.scale().isPresent();
      index.put(f.name(), i);
    }
  }

  @Override
  public Row next() throws IOException {
    if (!started) {
      started = true;
      skipBom();
    }
    while (nextLine()) {
      byte[] b = data;
      int s = start;
      int e = end;
      while (s < e && isBlank(b[s])) {
        s++;
      }
      if (s < e) {
        if (b == buf) {
          Row row = parseInBlock(s, e);
          if (row != null) {
            return row;
          }
        }
        return parse(b, s, e);
      }
    }
    return null;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private void skipBom() throws IOException {
    while (limit < 3 && !eof) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
    if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      pos = 3;
    }
  }

  /** Reads more input into the (consumed) read buffer; false at the end of the input. */
  private boolean fill() throws IOException {
    dropBlock();
    while (!eof) {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        eof = true;
      } else if (n > 0) {
        pos = 0;
        limit = n;
        return true;
      }
    }
    return false;
  }

  /**
   * Moves to the next line, setting {@link #data}, {@link #start} and {@link #end}; false at the
   * end of the input.
   *
   * @throws MalformedRecordException when the line is longer than the cap, after skipping it
   */
  private boolean nextLine() throws IOException {
    lineLen = 0;
    long length = 0; // bytes of the line so far, including any beyond the cap
    boolean pending = false; // bytes of a line were read
    while (true) {
      if (pos >= limit && !fill()) {
        if (!pending) {
          return false;
        }
        lineNr++;
        if (length > maxLineBytes) {
          throw tooLong();
        }
        data = line;
        start = 0;
        end = lineLen;
        return true;
      }
      byte[] b = buf;
      int from = pos;
      int to = limit;
      int nl = newline(b, from, to);
      if (nl < to) {
        pos = nl + 1;
        lineNr++;
        length += nl - from;
        if (length > maxLineBytes) {
          append(b, from, nl);
          dropBlock();
          throw tooLong();
        }
        if (pending) {
          append(b, from, nl);
          data = line;
          start = 0;
          end = lineLen;
        } else {
          data = b;
          start = from;
          end = nl;
        }
        if (end > start && data[end - 1] == '\r') {
          end--;
        }
        return true;
      }
      append(b, from, to);
      length += to - from;
      pending = true;
      pos = to;
    }
  }

  /** The index of the first {@code \n} in bytes {@code from} to {@code to}, or {@code to}. */
  private static int newline(byte[] b, int from, int to) {
    int i = from;
    // eight bytes at a time: a byte of w is zero where b holds a newline
    for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
      long w = (long) LONGS.get(b, i) ^ NEWLINES;
      long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    while (i < to && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /** Keeps bytes of a line spanning reads; bytes beyond the cap are dropped. */
  private void append(byte[] b, int from, int to) {
    int n = Math.min(to - from, maxLineBytes - lineLen);
    if (n <= 0) {
      return;
    }
    if (lineLen + n > line.length) {
      int size = (int) Math.min(maxLineBytes,
          Math.max(lineLen + (long) n, Math.max(2L * line.length, 1024)));
      line = Arrays.copyOf(line, size);
    }
    System.arraycopy(b, from, line, lineLen, n);
    lineLen += n;
  }

  /** The line that exceeded the cap, skipped: its first bytes are kept as the record. */
  private MalformedRecordException tooLong() {
    byte[] b = line;
    int n = Math.min(lineLen, RECORD_BYTES);
    return new MalformedRecordException(source + " line " + lineNr + ", column "
        + (maxLineBytes + 1L) + ": the line is longer than " + maxLineBytes + " bytes",
        text(b, 0, n, true));
  }

  /** Bytes as UTF-8 text; when {@code cut}, an incomplete sequence at the end is left out. */
  private static String text(byte[] b, int from, int to, boolean cut) {
    if (cut) {
      // a lead byte (11xxxxxx) within the last 3 bytes whose sequence does not fit is dropped
      for (int i = to - 1; i >= Math.max(from, to - 3); i--) {
        int c = b[i] & 0xFF;
        if (c >= 0xC0) {
          int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
          if (to - i < need) {
            to = i;
          }
          break;
        }
        if (c < 0x80) {
          break;
        }
      }
    }
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * The row of the line at bytes {@code from} (its first non-blank) to {@code to} of the read
   * buffer, parsed by the block parser; null when the line must be parsed on its own.
   */
  private Row parseInBlock(int from, int to) throws IOException {
    JsonParser p = block;
    if (p == null) {
      int last = limit - 1;
      while (buf[last] != '\n') {
        last--; // found: the line ends with one at or after to
      }
      // offsets are bytes from the start: a parser not reading UTF-8 has none (-1), so each of
      // its lines is parsed again on its own
      p = block = JsonValues.FACTORY.createParser(buf, from, last + 1 - from);
      blockBase = from;
    }
    this.p = p;
    try {
      if (p.nextToken() != JsonToken.START_OBJECT
          || p.currentTokenLocation().getByteOffset() + blockBase != from) {
        dropBlock();
        return null;
      }
      Object[] values = fields();
      long after = p.currentTokenLocation().getByteOffset() + 1 + blockBase; // after '}'
      if (after > to) {
        dropBlock();
        return null;
      }
      for (int i = (int) after; i < to; i++) {
        if (!isBlank(buf[i])) {
          dropBlock();
          return null;
        }
      }
      return Row.of(schema, values);
    } catch (JsonProcessingException e) {
      dropBlock();
      return null;
    } finally {
      this.p = null;
    }
  }

  /** The fields of the object {@link #p} has just started, by schema index; others skipped. */
  private Object[] fields() throws IOException {
    Object[] values = new Object[types.length];
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      Integer i = index.get(p.currentName());
      t = p.nextToken();
      if (i == null) {
        p.skipChildren();
        continue;
      }
      values[i] = value(i, t);
    }
    return values;
  }

  private void dropBlock() throws IOException {
    if (block != null) {
      block.close();
      block = null;
    }
  }

  private Row parse(byte[] b, int from, int to) throws IOException {
    JsonParser p = JsonValues.FACTORY.createParser(b, from, to - from);
    this.p = p;
    try {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw malformed("expected a JSON object per line, found " + describe(t));
      }
      Object[] values = fields();
      if (p.nextToken() != null) {
        throw malformed(p.currentTokenLocation().getColumnNr(),
            "expected one JSON object per line, found more after it");
      }
      return Row.of(schema, values);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the data, which may be classified: describe it instead
      throw malformed(JsonValues.problem(e));
    } finally {
      p.close();
      this.p = null;
    }
  }

  private Object value(int i, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        if (types[i] == FieldType.TIMESTAMP) {
          String s = p.getText();
          Instant x = IsoTime.parseInstant(s);
          return x != null ? x : s;
        }
        if (types[i] == FieldType.DATE) {
          String s = p.getText();
          LocalDate x = IsoTime.parseDate(s);
          return x != null ? x : s;
        }
        return p.getText();
      case VALUE_NUMBER_INT:
        if (types[i] == FieldType.NUMBER) {
          return p.getDecimalValue();
        }
        return JsonValues.integerValue(p);
      case VALUE_NUMBER_FLOAT:
        if (types[i] == FieldType.NUMBER && !hasScale[i]) {
          return JsonValues.floatValue(p.getText());
        }
        // exact; an INTEGER field accepts an integral decimal such as 3.0
        return p.getDecimalValue();
      default:
        return JsonValues.read(p);
    }
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  private MalformedRecordException malformed(String problem) {
    return malformed(p.currentLocation().getColumnNr(), problem);
  }

  /** The current line as a malformed record; the message names the line, never its data. */
  private MalformedRecordException malformed(int column, String problem) {
    return new MalformedRecordException(source + " line " + lineNr + ", column " + column + ": "
        + problem, text(data, start, Math.min(end, start + RECORD_BYTES), end - start
        > RECORD_BYTES));
  }

  /** Leaves the stream open, as the parser did (the caller closes it). */
  @Override
  public void close() throws IOException {
    dropBlock();
    line = null;
    data = null;
  }

  /** The capacity of the buffer for lines spanning reads, for tests. */
  int lineBufferCapacity() {
    return line == null ? 0 : line.length;
  }
}
