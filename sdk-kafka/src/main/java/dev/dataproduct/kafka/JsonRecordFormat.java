package dev.dataproduct.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.DataProductException;
import dev.dataproduct.format.Formats;
import dev.dataproduct.format.NestedJson;
import dev.dataproduct.spi.ValueDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RecordFormat#json()}: one JSON object per record, through Jackson's streaming API. Dates
 * and timestamps are ISO-8601 text, decimals plain numbers (never exponents), objects and arrays
 * nested JSON as {@link NestedJson} writes it (the same as JSON Lines). Numbers read back as
 * {@link BigDecimal} (exact), integers as {@link Long}, also inside objects and arrays.
 */
final class JsonRecordFormat implements RecordFormat {
  static final JsonRecordFormat INSTANCE = new JsonRecordFormat();
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Reads nested values exactly: decimals as BigDecimal, never rounded through a double. */
  private static final ObjectMapper EXACT = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  /**
   * UTF-8 text, and decimals Jackson reads back: numbers of at most 999 characters in plain
   * notation (its default read constraint is 1000), nested ones with a scale within +-9999 (which
   * it writes in plain notation), as for JSON Lines.
   */
  private static final ValueDomain DOMAIN = ValueDomain.builder("Kafka JSON")
      .decimals(9_999, 9_999).maxDecimalChars(999).build();

  private JsonRecordFormat() {}

  @Override
  public String name() {
    return "json";
  }

  /** The JSON type, as JSON Lines writes it ({@code number}, {@code string (ISO-8601 date)}). */
  @Override
  public Optional<String> physicalType(Field field) {
    return Formats.jsonLines().physicalType(field);
  }

  @Override
  public Encoder encoder(Schema schema) {
    return new JsonEncoder(schema);
  }

  @Override
  public Decoder decoder(Schema schema) {
    return new JsonDecoder(schema);
  }

  @Override
  public ValueDomain valueDomain() {
    return DOMAIN;
  }

  @Override
  public String toString() {
    return "JSON";
  }

  /**
   * Writes a row's bytes itself into a reused buffer: the field names pre-encoded with their
   * quotes and colon, strings of printable ASCII copied as they are, integers, decimals, booleans
   * and UTC timestamps of years 0000..9999 without a formatter. Any other value (a string that
   * needs escaping or is not ASCII, a double, a nested value, another Java type) is written by
   * Jackson's generator exactly as before, so the bytes are the same as Jackson's for every row;
   * only the common values skip it. Formatting a timestamp through {@code Instant.toString()}
   * and a decimal through {@code toPlainString()} was two thirds of the encoding's time.
   */
  private static final class JsonEncoder implements Encoder {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** Epoch seconds of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z. */
    private static final long MIN_FAST = -62_167_219_200L;
    private static final long MAX_FAST = 253_402_300_800L;

    /** {@code {"name":} for the first field, {@code ,"name":} for the others. */
    private final byte[][] prefixes;
    private final FieldType[] types;
    private byte[] buf = new byte[256];
    private int len;
    /** Jackson writes the values the fast path does not into {@code side}, one at a time. */
    private final ByteArrayBuilder side = new ByteArrayBuilder(64);
    private JsonGenerator g;

    JsonEncoder(Schema schema) {
      int n = schema.size();
      prefixes = new byte[n][];
      types = new FieldType[n];
      for (int i = 0; i < n; i++) {
        Field f = schema.field(i);
        byte[] name = new SerializedString(f.name()).asQuotedUTF8();
        byte[] p = new byte[name.length + 4];
        p[0] = (byte) (i == 0 ? '{' : ',');
        p[1] = '"';
        System.arraycopy(name, 0, p, 2, name.length);
        p[name.length + 2] = '"';
        p[name.length + 3] = ':';
        prefixes[i] = p;
        types[i] = f.type();
      }
      g = generator();
    }

    private JsonGenerator generator() {
      try {
        JsonGenerator gen = FACTORY.createGenerator(side);
        gen.setRootValueSeparator(null);
        return gen;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public byte[] encode(Row row) {
      len = 0;
      try {
        if (prefixes.length == 0) {
          put((byte) '{');
        }
        for (int i = 0; i < prefixes.length; i++) {
          put(prefixes[i]);
          write(types[i], row.get(i));
        }
        put((byte) '}');
        return java.util.Arrays.copyOf(buf, len);
      } catch (IOException e) {
        side.reset();
        g = generator(); // a failed value may leave the generator in any state
        // the message of a Jackson exception may quote the value: keep only the class
        throw new DataProductException("Encoding a row as JSON failed ("
            + e.getClass().getSimpleName() + ")");
      }
    }

    private void write(FieldType type, Object v) throws IOException {
      if (v == null) {
        put(NULL);
        return;
      }
      switch (type) {
        case STRING -> string(v.toString());
        case INTEGER -> {
          if (v instanceof Long l) {
            number(l);
          } else {
            MAPPER.writeValue(g, v);
            flushSide();
          }
        }
        case NUMBER -> {
          if (v instanceof BigDecimal d) {
            // plain text; toString() is the same text when it has no exponent, and faster
            String text = d.toString();
            ascii(text.indexOf('E') < 0 ? text : d.toPlainString());
          } else if (v instanceof Double d && Double.isFinite(d)) {
            g.writeNumber(d);
            flushSide();
          } else {
            string(v.toString());
          }
        }
        case BOOLEAN -> put((Boolean) v ? TRUE : FALSE);
        case TIMESTAMP -> {
          if (v instanceof Instant t && t.getEpochSecond() >= MIN_FAST
              && t.getEpochSecond() < MAX_FAST) {
            instant(t);
          } else {
            string(v.toString());
          }
        }
        case DATE -> string(v.toString());
        default -> {
          g.writeRawValue(NestedJson.write(v));
          flushSide();
        }
      }
    }

    /** A JSON string: printable ASCII copied, anything else through Jackson. */
    private void string(String s) throws IOException {
      int n = s.length();
      ensure(n + 2);
      byte[] b = buf;
      int p = len;
      b[p++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
          g.writeString(s);
          flushSide();
          return;
        }
        b[p++] = (byte) c;
      }
      b[p++] = '"';
      len = p;
    }

    /** Text known to be ASCII (a number), unquoted. */
    private void ascii(String s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[len + i] = (byte) s.charAt(i);
      }
      len += n;
    }

    private void number(long v) {
      if (v == Long.MIN_VALUE) {
        ascii(Long.toString(v));
        return;
      }
      ensure(20);
      if (v < 0) {
        buf[len++] = '-';
        v = -v;
      }
      int digits = 1;
      for (long x = v; x >= 10; x /= 10) {
        digits++;
      }
      for (int i = len + digits - 1; i >= len; i--) {
        buf[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      len += digits;
    }

    /** As {@link Instant#toString()}: the fraction in groups of 3 digits, none when 0. */
    private void instant(Instant t) {
      long secs = t.getEpochSecond();
      long day = Math.floorDiv(secs, 86_400);
      int secOfDay = (int) (secs - day * 86_400);
      LocalDate date = LocalDate.ofEpochDay(day);
      ensure(32);
      byte[] b = buf;
      int p = len;
      b[p++] = '"';
      p = digits(date.getYear(), 4, p);
      b[p++] = '-';
      p = digits(date.getMonthValue(), 2, p);
      b[p++] = '-';
      p = digits(date.getDayOfMonth(), 2, p);
      b[p++] = 'T';
      p = digits(secOfDay / 3600, 2, p);
      b[p++] = ':';
      p = digits(secOfDay / 60 % 60, 2, p);
      b[p++] = ':';
      p = digits(secOfDay % 60, 2, p);
      int nanos = t.getNano();
      if (nanos != 0) {
        b[p++] = '.';
        if (nanos % 1_000_000 == 0) {
          p = digits(nanos / 1_000_000, 3, p);
        } else if (nanos % 1_000 == 0) {
          p = digits(nanos / 1_000, 6, p);
        } else {
          p = digits(nanos, 9, p);
        }
      }
      b[p++] = 'Z';
      b[p++] = '"';
      len = p;
    }

    /** {@code v} in {@code width} digits, zero-padded, at {@code p}; the offset after it. */
    private int digits(int v, int width, int p) {
      for (int i = p + width - 1; i >= p; i--) {
        buf[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      return p + width;
    }

    /** Appends what the generator wrote of one value. */
    private void flushSide() throws IOException {
      g.flush();
      byte[] b = side.toByteArray();
      side.reset();
      put(b);
    }

    private void put(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    private void put(byte c) {
      ensure(1);
      buf[len++] = c;
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }
  }

  private static final class JsonDecoder implements Decoder {
    private final Schema schema;
    private final FieldType[] types;
    private final Map<String, Integer> index;

    JsonDecoder(Schema schema) {
      this.schema = schema;
      int n = schema.size();
      types = new FieldType[n];
      index = new HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        types[i] = schema.field(i).type();
        index.put(schema.field(i).name(), i);
      }
    }

    @Override
    public Row decode(byte[] value) {
      if (value == null) {
        throw new MalformedValueException("the record has no value (a tombstone)");
      }
      Object[] values = new Object[types.length];
      try (JsonParser p = FACTORY.createParser(value)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new MalformedValueException("the value is not a JSON object");
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          Integer i = index.get(p.currentName());
          JsonToken v = p.nextToken();
          if (i == null) {
            p.skipChildren();
            continue;
          }
          values[i] = read(p, v, types[i]);
        }
        if (p.nextToken() != null) {
          throw new MalformedValueException("data follows the JSON object");
        }
      } catch (JsonProcessingException e) {
        // Jackson's message quotes the input: say where only (when Jackson knows where)
        JsonLocation at = e.getLocation();
        throw new MalformedValueException("the value is not valid JSON" + (at == null
            || at.getByteOffset() < 0 ? "" : " (at byte " + at.getByteOffset() + ")"));
      } catch (IOException e) {
        throw new MalformedValueException("the value cannot be read (" 
            + e.getClass().getSimpleName() + ")");
      }
      return Row.of(schema, values);
    }

    private static Object read(JsonParser p, JsonToken t, FieldType type) throws IOException {
      switch (t) {
        case VALUE_NULL:
          return null;
        case START_OBJECT:
        case START_ARRAY:
          return EXACT.readValue(p, Object.class);
        case VALUE_NUMBER_INT:
          if (type == FieldType.NUMBER) {
            return p.getDecimalValue();
          }
          return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
              : (Object) p.getLongValue();
        case VALUE_NUMBER_FLOAT:
          return p.getDecimalValue();
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_STRING:
          String s = p.getText();
          try {
            if (type == FieldType.DATE) {
              return LocalDate.parse(s);
            }
            if (type == FieldType.TIMESTAMP) {
              return Instant.parse(s);
            }
          } catch (DateTimeParseException e) {
            return s; // conformance quarantines it with a reason naming the field
          }
          return s;
        default:
          return p.getText();
      }
    }
  }
}
