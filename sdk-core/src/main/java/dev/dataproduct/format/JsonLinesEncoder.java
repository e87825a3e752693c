package dev.dataproduct.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

final class JsonLinesEncoder implements FileFormat.Encoder {
  private final JsonGenerator g;
  private final SerializedString[] names;
  private final FieldType[] types;
  private final IsoTime iso = new IsoTime();
  private final char[] scratch = new char[IsoTime.MAX_INSTANT_CHARS + 2];

  JsonLinesEncoder(Schema schema, OutputStream out) throws IOException {
    this.g = JsonValues.FACTORY.createGenerator(out);
    g.setRootValueSeparator(null);
    int n = schema.size();
    names = new SerializedString[n];
    types = new FieldType[n];
    for (int i = 0; i < n; i++) {
      Field f = schema.field(i);
      names[i] = new SerializedString(f.name());
      types[i] = f.type();
    }
  }

  @Override
  public void write(Row row) throws IOException {
    JsonGenerator g = this.g;
    g.writeStartObject();
    for (int i = 0; i < names.length; i++) {
      g.writeFieldName(names[i]);
      Object v = row.get(i);
      if (v == null) {
        g.writeNull();
        continue;
      }
      switch (types[i]) {
        case STRING:
          g.writeString(v instanceof String ? (String) v : v.toString());
          break;
        case INTEGER:
          if (v instanceof Long) {
            g.writeNumber((long) (Long) v);
          } else {
            JsonValues.write(g, v);
          }
          break;
        case NUMBER:
          if (v instanceof BigDecimal) {
            writeDecimal((BigDecimal) v);
          } else if (v instanceof Double) {
            g.writeNumber((double) (Double) v);
          } else {
            JsonValues.write(g, v);
          }
          break;
        case BOOLEAN:
          g.writeBoolean((Boolean) v);
          break;
        case DATE:
          writeDate(v);
          break;
        case TIMESTAMP:
          writeInstant(v);
          break;
        default:
          JsonValues.write(g, v);
          break;
      }
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void writeDecimal(BigDecimal d) throws IOException {
    int end = Decimals.plain(d, scratch, 0);
    if (end > 0) {
      g.writeRawValue(scratch, 0, end);
    } else {
      g.writeNumber(d);
    }
  }

  private void writeInstant(Object v) throws IOException {
    if (v instanceof Instant) {
      scratch[0] = '"';
      int end = iso.formatInstant((Instant) v, scratch, 1);
      if (end > 0) {
        scratch[end] = '"';
        g.writeRawValue(scratch, 0, end + 1);
        return;
      }
    }
    g.writeString(v.toString());
  }

  private void writeDate(Object v) throws IOException {
    if (v instanceof LocalDate) {
      scratch[0] = '"';
      int end = IsoTime.formatDate((LocalDate) v, scratch, 1);
      if (end > 0) {
        scratch[end] = '"';
        g.writeRawValue(scratch, 0, end + 1);
        return;
      }
    }
    g.writeString(v.toString());
  }

  @Override
  public long bufferedBytes() {
    return g.getOutputBuffered();
  }

  @Override
  public void finish() throws IOException {
    g.close(); // flushes; the target stream stays open (AUTO_CLOSE_TARGET is off)
  }
}
