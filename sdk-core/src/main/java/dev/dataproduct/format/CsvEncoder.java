package dev.dataproduct.format;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Writes rows as CSV (RFC 4180) with a header line. See {@link CsvFormat}. */
final class CsvEncoder implements FileFormat.Encoder {
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
