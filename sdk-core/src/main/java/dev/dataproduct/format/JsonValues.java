package dev.dataproduct.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON plumbing of the formats: one {@link JsonFactory}, and the mapping of nested values (OBJECT
 * and ARRAY fields) to and from plain Java values without reflection.
 */
final class JsonValues {
  /** Exact decimals in plain notation; never closes the caller's streams. */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private JsonValues() {}

  /**
   * Writes a nested value: maps as objects (keys as text), collections and arrays as arrays,
   * numbers exactly, dates and instants as ISO-8601 text, anything else as its text.
   */
  public static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigDecimal) {
      g.writeNumber((BigDecimal) v);
    } else if (v instanceof Double) {
      g.writeNumber((Double) v);
    } else if (v instanceof Float) {
      g.writeNumber((Float) v);
    } else if (v instanceof BigInteger) {
      g.writeNumber((BigInteger) v);
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Collection) {
      g.writeStartArray();
      for (Object o : (Collection<?>) v) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Object[]) {
      g.writeStartArray();
      for (Object o : (Object[]) v) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Instant || v instanceof LocalDate) {
      g.writeString(v.toString());
    } else {
      g.writeString(v.toString());
    }
  }

  /** A nested value as JSON text. */
  public static String toJson(Object v) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, v);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a nested value as JSON", e);
    }
    return out.toString();
  }

  /**
   * Reads the value at the parser's current token: objects as {@link LinkedHashMap}, arrays as
   * {@link ArrayList}, integers as {@link Long} (or {@link BigInteger} beyond 64 bits), other
   * numbers as in {@link #floatValue}, text, booleans, {@code null}.
   */
  public static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new JsonEOFException(p, null, "no value");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken x = p.nextToken(); x != JsonToken.END_OBJECT; x = p.nextToken()) {
          String key = p.currentName();
          p.nextToken();
          m.put(key, read(p));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
          l.add(read(p));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return integerValue(p);
      case VALUE_NUMBER_FLOAT:
        return floatValue(p.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        // embedded objects do not occur in text JSON
        return p.getText();
    }
  }

  /** An integer token as Long, or BigInteger beyond 64 bits. */
  public static Object integerValue(JsonParser p) throws IOException {
    JsonParser.NumberType nt = p.getNumberType();
    return nt == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
  }

  /**
   * A number with a fraction or exponent, without a declared scale: a {@link Double} when the text
   * is exactly how Java prints that double (so doubles round-trip as doubles), otherwise an exact
   * {@link BigDecimal} (so no digit is ever lost).
   */
  public static Object floatValue(String text) {
    double d = Double.parseDouble(text);
    if (!Double.isInfinite(d) && Double.toString(d).equals(text)) {
      return d;
    }
    return new BigDecimal(text);
  }

  /** A short description of a JSON syntax problem that never quotes the input. */
  public static String problem(IOException e) {
    if (e instanceof JsonEOFException) {
      return "unexpected end of input";
    }
    if (e instanceof StreamConstraintsException) {
      return e.getMessage();
    }
    return "malformed JSON";
  }
}
