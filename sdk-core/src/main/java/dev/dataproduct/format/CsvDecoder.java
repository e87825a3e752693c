package dev.dataproduct.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dataproduct.DataProductException;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.Set;

/**
 * Reads CSV (RFC 4180) records into rows of a schema, by header name; a record that does not
 * parse is a {@link MalformedRecordException} and reading goes on with the next. See {@link
 * CsvFormat}.
 */
final class CsvDecoder implements FileFormat.Decoder {
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
