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

  private static final class JsonEncoder implements Encoder {
    private final SerializedString[] names;
    private final FieldType[] types;
    private final ByteArrayBuilder out = new ByteArrayBuilder(256);
    private final JsonGenerator g;

    JsonEncoder(Schema schema) {
      int n = schema.size();
      names = new SerializedString[n];
      types = new FieldType[n];
      for (int i = 0; i < n; i++) {
        Field f = schema.field(i);
        names[i] = new SerializedString(f.name());
        types[i] = f.type();
      }
      try {
        g = FACTORY.createGenerator(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      g.setRootValueSeparator(null);
    }

    @Override
    public byte[] encode(Row row) {
      try {
        g.writeStartObject();
        for (int i = 0; i < names.length; i++) {
          g.writeFieldName(names[i]);
          write(types[i], row.get(i));
        }
        g.writeEndObject();
        g.flush();
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
      } catch (IOException e) {
        out.reset();
        // the message of a Jackson exception may quote the value: keep only the class
        throw new DataProductException("Encoding a row as JSON failed ("
            + e.getClass().getSimpleName() + ")");
      }
    }

    private void write(FieldType type, Object v) throws IOException {
      if (v == null) {
        g.writeNull();
        return;
      }
      switch (type) {
        case STRING -> g.writeString(v.toString());
        case INTEGER -> {
          if (v instanceof Long l) {
            g.writeNumber(l);
          } else {
            MAPPER.writeValue(g, v);
          }
        }
        case NUMBER -> {
          if (v instanceof BigDecimal d) {
            g.writeNumber(d.toPlainString());
          } else if (v instanceof Double d && Double.isFinite(d)) {
            g.writeNumber(d);
          } else {
            g.writeString(v.toString());
          }
        }
        case BOOLEAN -> g.writeBoolean((Boolean) v);
        case DATE, TIMESTAMP -> g.writeString(v.toString());
        default -> g.writeRawValue(NestedJson.write(v));
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
