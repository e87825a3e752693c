package dev.dataproduct.s3.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.s3.FileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** JSON Lines through Jackson's streaming generator and parser. See {@code Formats.jsonLines()}. */
public final class JsonLinesFormat implements FileFormat {
  public static final JsonLinesFormat INSTANCE = new JsonLinesFormat();

  private JsonLinesFormat() {}

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public String extension() {
    return ".jsonl";
  }

  @Override
  public String contentType() {
    return "application/x-ndjson";
  }

  @Override
  public Encoder encoder(Schema schema, OutputStream out) throws IOException {
    return new JsonEncoder(schema, out);
  }

  @Override
  public Decoder decoder(Schema schema, InputStream in, String source) throws IOException {
    return new JsonDecoder(schema, in, source);
  }

  @Override
  public String toString() {
    return "JSON Lines";
  }

  private static final class JsonEncoder implements Encoder {
    private final JsonGenerator g;
    private final SerializedString[] names;
    private final FieldType[] types;
    private final IsoTime iso = new IsoTime();
    private final char[] scratch = new char[IsoTime.MAX_INSTANT_CHARS + 2];

    JsonEncoder(Schema schema, OutputStream out) throws IOException {
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

  private static final class JsonDecoder implements Decoder {
    private final JsonParser p;
    private final Schema schema;
    private final FieldType[] types;
    private final boolean[] hasScale;
    private final Map<String, Integer> index;
    private final String source;

    JsonDecoder(Schema schema, InputStream in, String source) throws IOException {
      this.p = JsonValues.FACTORY.createParser(in);
      this.schema = schema;
      this.source = source;
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
      try {
        JsonToken t = p.nextToken();
        if (t == null) {
          return null;
        }
        if (t != JsonToken.START_OBJECT) {
          throw malformed("expected a JSON object per line, found " + describe(t));
        }
        Object[] values = new Object[types.length];
        for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          Integer i = index.get(p.currentName());
          t = p.nextToken();
          if (i == null) {
            p.skipChildren();
            continue;
          }
          values[i] = value(i, t);
        }
        return Row.of(schema, values);
      } catch (JsonProcessingException e) {
        // Jackson's message may quote the data, which may be classified: describe it instead
        throw malformed(JsonValues.problem(e));
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

    private DataProductException malformed(String problem) {
      return new DataProductException(source + " line " + p.currentLocation().getLineNr()
          + ", column " + p.currentLocation().getColumnNr() + ": " + problem);
    }

    @Override
    public void close() throws IOException {
      p.close();
    }
  }
}
