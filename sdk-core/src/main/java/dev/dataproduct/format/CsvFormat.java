package dev.dataproduct.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** CSV as in RFC 4180. See {@code Formats.csv()}. */
final class CsvFormat implements FileFormat {
  public static final CsvFormat INSTANCE = new CsvFormat();

  private CsvFormat() {}

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String extension() {
    return ".csv";
  }

  @Override
  public String contentType() {
    return "text/csv; charset=utf-8";
  }

  @Override
  public Encoder encoder(Schema schema, OutputStream out) throws IOException {
    return new CsvEncoder(schema, out);
  }

  @Override
  public Decoder decoder(Schema schema, InputStream in, String source) throws IOException {
    return new CsvDecoder(schema, in, source);
  }

  /**
   * Text, as the value is written: {@code text}, {@code text (integer)}, {@code text (decimal)},
   * {@code text (boolean)}, {@code text (ISO-8601 date)}, {@code text (ISO-8601 timestamp)}, {@code
   * text (JSON)} for objects and arrays.
   */
  @Override
  public Optional<String> physicalType(Field field) {
    switch (field.type()) {
      case STRING:
        return Optional.of("text");
      case INTEGER:
        return Optional.of("text (integer)");
      case NUMBER:
        return Optional.of("text (decimal)");
      case BOOLEAN:
        return Optional.of("text (boolean)");
      case DATE:
        return Optional.of("text (ISO-8601 date)");
      case TIMESTAMP:
        return Optional.of("text (ISO-8601 timestamp)");
      default:
        return Optional.of("text (JSON)");
    }
  }

  @Override
  public String toString() {
    return "CSV";
  }

  // -------------------------------------------------------------------------------------------

  private static final class CsvEncoder implements Encoder {
    private final OutputStream out;
    private final FieldType[] types;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private final IsoTime iso = new IsoTime();
    private final char[] scratch = new char[IsoTime.MAX_INSTANT_CHARS];

    CsvEncoder(Schema schema, OutputStream out) throws IOException {
      this.out = out;
      int n = schema.size();
      types = new FieldType[n];
      for (int i = 0; i < n; i++) {
        Field f = schema.field(i);
        types[i] = f.type();
        if (i > 0) {
          put(',');
        }
        text(f.name());
      }
      put('\r');
      put('\n');
    }

    @Override
    public void write(Row row) throws IOException {
      for (int i = 0; i < types.length; i++) {
        if (i > 0) {
          put(',');
        }
        Object v = row.get(i);
        if (v == null) {
          continue;
        }
        switch (types[i]) {
          case STRING:
            text(v instanceof String ? (String) v : v.toString());
            break;
          case INTEGER:
          case BOOLEAN:
            ascii(v.toString());
            break;
          case NUMBER: {
            int end = v instanceof BigDecimal ? Decimals.plain((BigDecimal) v, scratch, 0) : -1;
            if (end > 0) {
              ascii(scratch, end);
            } else {
              ascii(v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString());
            }
            break;
          }
          case DATE: {
            int end = v instanceof LocalDate ? IsoTime.formatDate((LocalDate) v, scratch, 0) : -1;
            if (end > 0) {
              ascii(scratch, end);
            } else {
              text(v.toString());
            }
            break;
          }
          case TIMESTAMP: {
            int end = v instanceof Instant ? iso.formatInstant((Instant) v, scratch, 0) : -1;
            if (end > 0) {
              ascii(scratch, end);
            } else {
              text(v.toString());
            }
            break;
          }
          default:
            text(JsonValues.toJson(v));
            break;
        }
      }
      put('\r');
      put('\n');
    }

    /** A text field, quoted when needed; the empty string is {@code ""} (empty means null). */
    private void text(String s) throws IOException {
      boolean quote = s.isEmpty();
      for (int i = 0, n = s.length(); i < n && !quote; i++) {
        char c = s.charAt(i);
        quote = c == ',' || c == '"' || c == '\r' || c == '\n';
      }
      if (!quote) {
        utf8(s);
        return;
      }
      put('"');
      int from = 0;
      for (int i = 0, n = s.length(); i < n; i++) {
        if (s.charAt(i) == '"') {
          utf8(s.substring(from, i + 1));
          put('"');
          from = i + 1;
        }
      }
      utf8(from == 0 ? s : s.substring(from));
      put('"');
    }

    private void ascii(String s) throws IOException {
      int n = s.length();
      if (buf.length - pos < n) {
        drain();
        if (n > buf.length) { // a decimal of more digits than the buffer holds
          for (int i = 0; i < n; i++) {
            put(s.charAt(i));
          }
          return;
        }
      }
      for (int i = 0; i < n; i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
    }

    private void ascii(char[] chars, int n) throws IOException {
      if (buf.length - pos < n) {
        drain();
      }
      for (int i = 0; i < n; i++) {
        buf[pos++] = (byte) chars[i];
      }
    }

    private void put(char c) throws IOException {
      if (pos == buf.length) {
        drain();
      }
      buf[pos++] = (byte) c;
    }

    private void utf8(String s) throws IOException {
      for (int i = 0, n = s.length(); i < n; i++) {
        if (buf.length - pos < 4) {
          drain();
        }
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[pos++] = (byte) c;
        } else if (c < 0x800) {
          buf[pos++] = (byte) (0xC0 | (c >> 6));
          buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[pos++] = (byte) (0xF0 | (cp >> 18));
          buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
          // a lone surrogate has no UTF-8 encoding: fail rather than write another character
          // (the core quarantines such rows first, see FileFormat.valueDomain)
          throw new IllegalArgumentException("A text value holds an unpaired UTF-16 surrogate,"
              + " which has no UTF-8 encoding");
        } else {
          buf[pos++] = (byte) (0xE0 | (c >> 12));
          buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }

    private void drain() throws IOException {
      out.write(buf, 0, pos);
      pos = 0;
    }

    @Override
    public long bufferedBytes() {
      return pos;
    }

    @Override
    public void finish() throws IOException {
      drain();
    }
  }

  // -------------------------------------------------------------------------------------------

  private static final class CsvDecoder implements Decoder {
    private final Reader in;
    private final Schema schema;
    private final String source;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder(64);
    private final List<String> values = new ArrayList<>();
    private final List<Boolean> quoted = new ArrayList<>();
    /** For each CSV column, the schema index, or -1 when the schema lacks it. */
    private int[] columns;
    private final FieldType[] types;
    private final boolean[] hasScale;

    CsvDecoder(Schema schema, InputStream in, String source) throws IOException {
      this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
      this.schema = schema;
      this.source = source;
      int n = schema.size();
      types = new FieldType[n];
      hasScale = new boolean[n];
      for (int i = 0; i < n; i++) {
        types[i] = schema.field(i).type();
        hasScale[i] = schema.field(i).scale().isPresent();
      }
    }

    private void header() throws IOException {
      if (fill() && buf[pos] == '\uFEFF') {
        pos++; // byte order mark
      }
      if (!record()) {
        columns = new int[0];
        return;
      }
      columns = new int[values.size()];
      Set<String> seen = new HashSet<>();
      for (int c = 0; c < columns.length; c++) {
        String name = values.get(c);
        if (!seen.add(name)) {
          throw new DataProductException(source + " line 1: the header names column '" + name
              + "' twice");
        }
        columns[c] = schema.contains(name) ? schema.indexOf(name) : -1;
      }
    }

    @Override
    public Row next() throws IOException {
      if (columns == null) {
        header();
      }
      if (!record()) {
        return null;
      }
      if (values.size() != columns.length) {
        if (values.size() == 1 && values.get(0).isEmpty() && !quoted.get(0)) {
          return next(); // a blank line
        }
        // the record was read to its end: the next one can be read
        throw new MalformedRecordException(source + " line " + recordLine + ": "
            + values.size() + " fields, but the header has " + columns.length, recordText(null));
      }
      Object[] row = new Object[types.length];
      for (int c = 0; c < columns.length; c++) {
        int i = columns[c];
        if (i >= 0) {
          row[i] = value(i, values.get(c), quoted.get(c));
        }
      }
      return Row.of(schema, row);
    }

    private Object value(int i, String s, boolean wasQuoted) {
      if (s.isEmpty()) {
        return wasQuoted ? "" : null;
      }
      switch (types[i]) {
        case STRING:
          return s;
        case INTEGER:
          return integer(s);
        case NUMBER:
          return number(s, hasScale[i]);
        case BOOLEAN:
          if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
          }
          if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
          }
          return s;
        case DATE: {
          LocalDate d = IsoTime.parseDate(s);
          return d != null ? d : s;
        }
        case TIMESTAMP: {
          Instant t = IsoTime.parseInstant(s);
          return t != null ? t : s;
        }
        default:
          return json(s);
      }
    }

    private static Object integer(String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        try {
          return new BigInteger(s); // conformance rejects it as out of range, with a reason
        } catch (NumberFormatException e2) {
          return s;
        }
      }
    }

    private static Object number(String s, boolean scaled) {
      try {
        if (scaled) {
          return new BigDecimal(s);
        }
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c == '.' || c == 'e' || c == 'E') {
            return JsonValues.floatValue(s);
          }
        }
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        return s;
      }
    }

    private static Object json(String s) {
      try (JsonParser p = JsonValues.FACTORY.createParser(s)) {
        p.nextToken();
        Object v = JsonValues.read(p);
        return p.nextToken() == null ? v : s;
      } catch (JsonProcessingException e) {
        return s;
      } catch (IOException e) {
        return s;
      }
    }

    private boolean fill() throws IOException {
      if (pos < limit) {
        return true;
      }
      if (eof) {
        return false;
      }
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    /** Reads one record into {@link #values}; false at the end of the input. */
    private boolean record() throws IOException {
      values.clear();
      quoted.clear();
      if (!fill()) {
        return false;
      }
      recordLine = line;
      field.setLength(0);
      boolean inQuotes = false;
      boolean wasQuoted = false;
      boolean afterQuote = false;
      while (true) {
        if (!fill()) {
          if (inQuotes) {
            throw new DataProductException(source + " line " + recordLine
                + ": a quoted field is not closed before the end of the file");
          }
          end(wasQuoted);
          return true;
        }
        char c = buf[pos++];
        if (inQuotes) {
          if (c == '"') {
            if (fill() && buf[pos] == '"') {
              field.append('"');
              pos++;
            } else {
              inQuotes = false;
              afterQuote = true;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
          continue;
        }
        if (c == ',') {
          end(wasQuoted);
          wasQuoted = false;
          afterQuote = false;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && fill() && buf[pos] == '\n') {
            pos++;
          }
          line++;
          end(wasQuoted);
          return true;
        } else if (c == '"' && field.length() == 0 && !wasQuoted) {
          inQuotes = true;
          wasQuoted = true;
        } else if (afterQuote) {
          String message = source + " line " + line
              + ": unexpected character after the closing quote of field " + (values.size() + 1)
              + "; quotes inside a field must be doubled";
          end(wasQuoted);
          pos--; // the unexpected character belongs to the rest of the line
          throw new MalformedRecordException(message, recordText(restOfLine()));
        } else {
          field.append(c);
        }
      }
    }

    /**
     * Skips to the end of the current line (the next record starts after it), returning what was
     * skipped, cut at {@link MalformedRecordException#MAX_RECORD_CHARS}.
     */
    private String restOfLine() throws IOException {
      StringBuilder rest = new StringBuilder();
      while (fill()) {
        char c = buf[pos++];
        if (c == '\n' || c == '\r') {
          if (c == '\r' && fill() && buf[pos] == '\n') {
            pos++;
          }
          line++;
          break;
        }
        if (rest.length() < MalformedRecordException.MAX_RECORD_CHARS) {
          rest.append(c);
        }
      }
      return rest.toString();
    }

    /** The record read so far as CSV text, for the quarantine; {@code rest} follows unquoted. */
    private String recordText(String rest) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < values.size(); c++) {
        if (c > 0) {
          text.append(',');
        }
        String v = values.get(c);
        if (quoted.get(c)) {
          text.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
          text.append(v);
        }
        if (text.length() > MalformedRecordException.MAX_RECORD_CHARS) {
          break;
        }
      }
      if (rest != null) {
        text.append(rest);
      }
      return text.toString();
    }

    private void end(boolean wasQuoted) {
      values.add(field.toString());
      quoted.add(wasQuoted);
      field.setLength(0);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }

    @Override
    public String toString() {
      return "CsvDecoder{" + source + ", columns " + Arrays.toString(columns) + "}";
    }
  }
}
