package dev.dataproduct.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Map;

/**
 * JSON for OBJECT and ARRAY values stored in JSON or text columns. Integers read back as Long
 * (the canonical INTEGER type), other numbers as Double; instants are written as ISO-8601 text.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private Json() {}

  /** The JSON text of a Map, List or scalar. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // the message may quote the value: keep it out
      throw new IllegalArgumentException("A " + value.getClass().getSimpleName()
          + " value cannot be written as JSON", e);
    }
  }

  /**
   * The Map (for OBJECT) or List (for ARRAY) a JSON text holds; the text itself when it is not
   * JSON of that shape, so that schema conformance quarantines it with nothing lost.
   */
  static Object read(String text, boolean array) {
    try {
      Object v = MAPPER.readValue(text, Object.class);
      if (array ? v instanceof List : v instanceof Map) {
        return v;
      }
    } catch (JsonProcessingException e) {
      // not JSON: handed on as text
    }
    return text;
  }
}
